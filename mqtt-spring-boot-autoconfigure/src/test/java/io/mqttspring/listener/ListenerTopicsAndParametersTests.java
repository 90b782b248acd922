package io.mqttspring.listener;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.mqttspring.Reading;
import io.mqttspring.core.MqttPublishResult;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic templates, routing, shared subscriptions and parameter binding of
 * {@code @MqttListener} methods against Mosquitto.
 */
class ListenerTopicsAndParametersTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	private ApplicationContextRunner runner() {
		return MqttContexts.runner(mosquitto.uri());
	}

	@Test
	void topicVariablesOfSeveralLevelsAreBoundAndConverted() {
		runner().withUserConfiguration(VariablesListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "plant/+/line/+/temperature");
			MosquittoClients.publish(mosquitto.port(), "plant/berlin/line/7/temperature", "21.5", 1);
			assertThat(context.getBean(VariablesListener.class).received.poll(10, TimeUnit.SECONDS))
				.isEqualTo("berlin|7|21.5");
		});
	}

	@Test
	void overlappingFiltersDeliverEachMessageOnceToEachMatchingListener() {
		runner().withUserConfiguration(OverlappingListeners.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "overlap/+", "overlap/#", "overlap/a");
			MosquittoClients.publish(mosquitto.port(), "overlap/a", "once", 1);
			OverlappingListeners listeners = context.getBean(OverlappingListeners.class);
			for (int i = 0; i < 3; i++) {
				assertThat(listeners.received.poll(10, TimeUnit.SECONDS)).isNotNull();
			}
			assertThat(listeners.received.poll(1, TimeUnit.SECONDS)).as("no second copy").isNull();
			MosquittoClients.publish(mosquitto.port(), "overlap/b/c", "deep", 1);
			assertThat(listeners.received.poll(10, TimeUnit.SECONDS)).isEqualTo("hash:deep");
			assertThat(listeners.received.poll(1, TimeUnit.SECONDS)).isNull();
		});
	}

	@Test
	void sharedGroupGivesEachMessageToExactlyOneOfTwoApplications() {
		runner().withUserConfiguration(WorkerListener.class).run((first) -> runner()
			.withUserConfiguration(WorkerListener.class)
			.run((second) -> {
				MqttContexts.awaitSubscribed(first, "$share/workers/jobs/+");
				MqttContexts.awaitSubscribed(second, "$share/workers/jobs/+");
				MqttTemplate template = first.getBean(MqttTemplate.class);
				for (int batch = 0; batch < 10; batch++) {
					int offset = batch * 10;
					CompletableFuture.allOf(IntStream.range(offset, offset + 10)
						.mapToObj((i) -> template.publish("jobs/" + (i % 3), String.valueOf(i)))
						.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
				}
				Set<String> firstJobs = drain(first.getBean(WorkerListener.class).received);
				Set<String> secondJobs = drain(second.getBean(WorkerListener.class).received);
				System.out.println("Shared group split 100 jobs: " + firstJobs.size() + " + " + secondJobs.size());
				assertThat(firstJobs).isNotEmpty().doesNotContainAnyElementsOf(secondJobs);
				assertThat(secondJobs).isNotEmpty();
				Set<String> all = new HashSet<>(firstJobs);
				all.addAll(secondJobs);
				assertThat(all).hasSize(100);
			}));
	}

	private static Set<String> drain(BlockingQueue<String> queue) throws InterruptedException {
		Set<String> jobs = new HashSet<>();
		String job;
		while ((job = queue.poll(1, TimeUnit.SECONDS)) != null) {
			assertThat(jobs.add(job)).as("job " + job + " handled once").isTrue();
		}
		return jobs;
	}

	@Test
	void headersMqtt5PropertiesUserPropertiesAndGenericMessagePayloadAreBound() {
		runner().withUserConfiguration(HeadersListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "params/+");
			Message<Reading> message = MessageBuilder.withPayload(new Reading("d-9", 4.5))
				.setHeader(MqttHeaders.TOPIC, "params/d-9")
				.setHeader(MqttHeaders.QOS, 1)
				.setHeader(MqttHeaders.RETAINED, false)
				.setHeader(MessageHeaders.CONTENT_TYPE, "application/json")
				.setHeader("tenant", "acme")
				.build();
			MqttPublishResult result = context.getBean(MqttTemplate.class).send(message).get(10, TimeUnit.SECONDS);
			HeadersListener listener = context.getBean(HeadersListener.class);
			Message<Reading> received = listener.messages.poll(10, TimeUnit.SECONDS);
			assertThat(received.getPayload()).isEqualTo(new Reading("d-9", 4.5));
			Map<String, Object> headers = listener.headers.poll(10, TimeUnit.SECONDS);
			assertThat(headers).containsEntry(MqttHeaders.RECEIVED_TOPIC, "params/d-9")
				.containsEntry(MqttHeaders.RECEIVED_QOS, 1)
				.containsEntry(MqttHeaders.RECEIVED_RETAINED, false)
				.containsEntry(MqttHeaders.DUPLICATE, false)
				.containsEntry("tenant", "acme")
				.containsEntry(MessageHeaders.CONTENT_TYPE, "application/json")
				.containsKey(MqttHeaders.ID);
			assertThat(listener.tenants.poll(10, TimeUnit.SECONDS)).isEqualTo("acme|1|false|" + result.topic());
		});
	}

	@Test
	void invalidPayloadGoesToErrorHandlerAndNextValidMessageIsProcessed() {
		runner().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(ValidatingListener.class)
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "valid/in");
				MqttTemplate template = context.getBean(MqttTemplate.class);
				template.publish("valid/in", new Reading("", 1.0)).get(10, TimeUnit.SECONDS);
				template.publish("valid/in", "{not json").get(10, TimeUnit.SECONDS);
				template.publish("valid/in", new Reading("ok", 2.0)).get(10, TimeUnit.SECONDS);
				ValidatingListener listener = context.getBean(ValidatingListener.class);
				assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Reading("ok", 2.0));
				assertThat(listener.errors).hasSize(2);
				assertThat(listener.errors.get(0)).contains("MethodArgumentNotValidException").contains("deviceId");
				assertThat(listener.errors.get(1)).contains("MessageConversionException")
					.contains("Could not read payload as JSON");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class VariablesListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "plant/{site}/line/{line}/temperature")
		void onTemperature(String celsius, @TopicVariable("site") String site, @TopicVariable("line") int line) {
			this.received.add(site + "|" + line + "|" + celsius);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OverlappingListeners {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(topics = "overlap/+")
		void plus(String payload) {
			this.received.add("plus:" + payload);
		}

		@MqttListener(topics = "overlap/#")
		void hash(String payload) {
			this.received.add("hash:" + payload);
		}

		@MqttListener(topics = "overlap/a")
		void exact(String payload) {
			this.received.add("exact:" + payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WorkerListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@MqttListener(id = "worker", topics = "jobs/+", group = "workers")
		void onJob(String job) {
			this.received.add(job);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HeadersListener {

		final BlockingQueue<Message<Reading>> messages = new LinkedBlockingQueue<>();

		final BlockingQueue<Map<String, Object>> headers = new LinkedBlockingQueue<>();

		final BlockingQueue<String> tenants = new LinkedBlockingQueue<>();

		@MqttListener(topics = "params/+")
		void onMessage(Message<Reading> message) {
			this.messages.add(message);
		}

		@MqttListener(topics = "params/+")
		void onHeaders(@Payload String payload, @Headers Map<String, Object> headers) {
			this.headers.add(headers);
		}

		@MqttListener(topics = "params/+")
		void onTenant(@Header("tenant") String tenant, @Header(MqttHeaders.RECEIVED_QOS) int qos,
				@Header(MqttHeaders.RECEIVED_RETAINED) boolean retained,
				@Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
			this.tenants.add(tenant + "|" + qos + "|" + retained + "|" + topic);
		}

	}

	record ValidatedReading(@NotBlank String deviceId, double celsius) {
	}

	@Configuration(proxyBeanMethods = false)
	static class ValidatingListener {

		final BlockingQueue<Reading> received = new LinkedBlockingQueue<>();

		final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

		@MqttListener(topics = "valid/in", errorHandler = "collectingErrorHandler")
		void onReading(@Valid @Payload ValidatedReading reading) {
			this.received.add(new Reading(reading.deviceId(), reading.celsius()));
		}

		@Bean
		MqttListenerErrorHandler collectingErrorHandler() {
			return (message, exception) -> {
				this.errors.add(exception.getCause().getClass().getSimpleName() + ": " + exception.getCause().getMessage());
				return null;
			};
		}

	}

}
