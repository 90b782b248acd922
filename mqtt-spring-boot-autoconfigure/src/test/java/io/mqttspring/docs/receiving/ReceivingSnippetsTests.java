package io.mqttspring.docs.receiving;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The examples of docs/receiving.md, run against the embedded HiveMQ CE broker.
 */
@ExtendWith(EmbeddedHiveMq.class)
class ReceivingSnippetsTests {

	@Test
	void theStatusServiceReadsTheRetainedStatusAndNullForADeviceThatNeverReported() {
		MqttContexts.runner(EmbeddedHiveMq.uri()).withBean(DeviceStatusService.class).run((context) -> {
			MqttTemplate template = context.getBean(MqttTemplate.class);
			template.publish("devices/press-7/status", "{\"state\":\"running\",\"firmware\":\"2.4.1\"}", 1, true)
				.get(10, TimeUnit.SECONDS);
			DeviceStatusService service = context.getBean(DeviceStatusService.class);
			assertThat(service.currentStatus("press-7")).isEqualTo(new DeviceStatus("running", "2.4.1"));
			assertThat(service.currentStatus("press-8")).isNull();
			template.publish("devices/press-7/status", new byte[0], 1, true).get(10, TimeUnit.SECONDS);
		});
	}

	@Test
	void theWorkerTakesJobsOneByOneAndUnsubscribesWhenDone() {
		MqttContexts.runner(EmbeddedHiveMq.uri()).run((context) -> {
			MqttTemplate template = context.getBean(MqttTemplate.class);
			JobWorker worker = new JobWorker(template);
			CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
				SharedMqttClient client = context.getBean(SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> client.isSubscribed("factory/+/jobs"));
				template.publish("factory/line-1/jobs", "cut");
				template.publish("factory/line-2/jobs", "weld");
			});
			worker.work(2);
			publisher.get(10, TimeUnit.SECONDS);
			assertThat(worker.done()).containsExactly("factory/line-1/jobs: cut", "factory/line-2/jobs: weld");
			assertThat(context.getBean(SharedMqttClient.class).isSubscribed("factory/+/jobs")).isFalse();
		});
	}

	@Test
	void theTelemetryFluxDeliversBatchesAndCancellingItUnsubscribes() {
		MqttContexts.runner(EmbeddedHiveMq.uri()).run((context) -> {
			MqttTemplate template = context.getBean(MqttTemplate.class);
			SharedMqttClient client = context.getBean(SharedMqttClient.class);
			Sinks.One<List<String>> first = Sinks.one();
			Disposable batches = new TelemetryStream(template).batches().subscribe(first::tryEmitValue);
			await().atMost(Duration.ofSeconds(10)).until(() -> client.isSubscribed("sensors/+/temperature"));
			for (int i = 0; i < 10; i++) {
				template.publish("sensors/dev-" + i + "/temperature", String.valueOf(20 + i));
			}
			assertThat(first.asMono().block(Duration.ofSeconds(10))).hasSize(10).startsWith("20");
			batches.dispose();
			await().atMost(Duration.ofSeconds(10)).until(() -> !client.isSubscribed("sensors/+/temperature"));
		});
	}

}
