package io.mqttspring.docs.reliability;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The examples of docs/reliability.md, run against the embedded HiveMQ CE broker.
 */
@ExtendWith({ EmbeddedHiveMq.class, OutputCaptureExtension.class })
class ReliabilitySnippetsTests {

	@Test
	void failedPaymentIsRetriedThenParkedUnderItsListenerWhereTheInspectorReadsWhy(CapturedOutput output) {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withUserConfiguration(PaymentListener.class, DeadLetterTopics.class, DeadLetterInspector.class)
			.withPropertyValues("mqtt.listener.retry.initial-interval=50ms", "mqtt.listener.dead-letter.enabled=true",
					"payments.attempts=2")
			.run((context) -> {
				MqttContexts.awaitSubscribed(context, "payments/+", "dead-letter/#");
				context.getBean(MqttTemplate.class).publish("payments/p-1", " ").get(10, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> output.getAll().contains("Parked after 2 attempts on payments/p-1 "
							+ "(java.lang.IllegalArgumentException): "));
				assertThat(output).contains("published as dead letter to 'dead-letter/payments/payments/p-1'");
			});
	}

}
