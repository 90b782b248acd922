package io.mqttspring.listener;

import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listener declarations that cannot work fail the start-up with a message naming the
 * listener, its bean and method, and the problem. No broker is needed.
 */
class ListenerStartupValidationTests {

	private static void assertStartupFails(Class<?> configuration, String... expectedMessageParts) {
		MqttContexts.runner("tcp://127.0.0.1:1").withUserConfiguration(configuration).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure.getCause() != null && !failure.getMessage().contains("@MqttListener")) {
				failure = failure.getCause();
			}
			assertThat(failure.getMessage()).contains(expectedMessageParts);
		});
	}

	@Test
	void multiLevelWildcardBeforeTheLastLevelIsRefused() {
		assertStartupFails(HashInTheMiddle.class, "bean 'listenerStartupValidationTests.HashInTheMiddle'",
				"HashInTheMiddle.onMessage", "invalid topic filter 'a/#/b'");
	}

	@Test
	void wildcardInsideALevelIsRefused() {
		assertStartupFails(PlusInsideLevel.class, "PlusInsideLevel.onMessage", "invalid topic filter 'a+'");
	}

	@Test
	void variableThatIsNotAWholeLevelIsRefused() {
		assertStartupFails(PartialVariable.class, "invalid topic filter 'sensors/x{id}'",
				"a variable must be a whole level");
	}

	@Test
	void topicVariableParameterWithoutMatchingLevelIsRefused() {
		assertStartupFails(UnknownVariable.class, "@TopicVariable(\"deviceId\")",
				"topic 'sensors/{id}/telemetry' has no {deviceId} level");
	}

	@Test
	void manualAckModeWithQos2IsRefusedWithExplanation() {
		assertStartupFails(ManualQos2.class, "ackMode MANUAL with qos 2",
				"acknowledges receipt of a QoS 2 message (PUBREC) before the listener runs", "Use qos = 1");
	}

	@Test
	void manualAckModeWithoutAcknowledgmentParameterIsRefused() {
		assertStartupFails(ManualWithoutParameter.class, "no MqttAcknowledgment parameter");
	}

	@Test
	void acknowledgmentParameterWithAutoAckModeIsRefused() {
		assertStartupFails(AcknowledgmentWithAuto.class, "needs ackMode = AckMode.MANUAL");
	}

	@Test
	void unknownErrorHandlerBeanIsRefused() {
		assertStartupFails(UnknownErrorHandler.class, "names error handler 'missingHandler'");
	}

	@Test
	void retryThatIsNeitherTrueFalseNorANumberIsRefused() {
		assertStartupFails(RetrySometimes.class, "RetrySometimes.onMessage",
				"has retry 'sometimes'; it must be true, false or a number of attempts of at least 1");
	}

	@Test
	void retryOfZeroAttemptsFromAPlaceholderIsRefused() {
		MqttContexts.runner("tcp://127.0.0.1:1")
			.withUserConfiguration(RetryFromProperty.class)
			.withPropertyValues("orders.attempts=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(MqttListenerDefinitionException.class)
					.hasMessageContaining("@MqttListener 'orders'")
					.hasMessageContaining("has retry '0'");
			});
	}

	@Test
	void duplicateListenerIdIsRefused() {
		assertStartupFails(DuplicateIds.class, "Duplicate listener id 'same'");
	}

	@Configuration(proxyBeanMethods = false)
	static class HashInTheMiddle {

		@MqttListener(topics = "a/#/b")
		void onMessage(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlusInsideLevel {

		@MqttListener(topics = "a+")
		void onMessage(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PartialVariable {

		@MqttListener(topics = "sensors/x{id}")
		void onMessage(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownVariable {

		@MqttListener(topics = "sensors/{id}/telemetry")
		void onMessage(String payload, @TopicVariable("deviceId") String deviceId) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualQos2 {

		@MqttListener(topics = "manual/qos2", qos = 2, ackMode = AckMode.MANUAL)
		void onMessage(String payload, MqttAcknowledgment acknowledgment) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualWithoutParameter {

		@MqttListener(topics = "manual/none", ackMode = AckMode.MANUAL)
		void onMessage(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AcknowledgmentWithAuto {

		@MqttListener(topics = "auto/ack")
		void onMessage(String payload, MqttAcknowledgment acknowledgment) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownErrorHandler {

		@MqttListener(topics = "errors/in", errorHandler = "missingHandler")
		void onMessage(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateIds {

		@MqttListener(id = "same", topics = "one")
		void first(String payload) {
		}

		@MqttListener(id = "same", topics = "two")
		void second(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RetrySometimes {

		@MqttListener(topics = "orders/in", retry = "sometimes")
		void onMessage(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RetryFromProperty {

		@MqttListener(id = "orders", topics = "orders/in", retry = "${orders.attempts}")
		void onMessage(String payload) {
		}

	}

}
