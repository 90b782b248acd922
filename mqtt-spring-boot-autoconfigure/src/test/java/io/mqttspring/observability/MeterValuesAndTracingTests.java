package io.mqttspring.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.mqttspring.autoconfigure.health.MqttHealthIndicator;
import io.mqttspring.connection.MqttConnectionState;
import io.mqttspring.core.MqttSubscription;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.observability.ObservedApplication.ObservedListener;
import io.mqttspring.observability.ObservedApplication.Received;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mqtt.publish} and {@code mqtt.listener} timers after a known number of
 * successes and failures, and a trace that continues from a publish into the listener
 * through the MQTT 5 {@code traceparent} user property.
 */
class MeterValuesAndTracingTests {

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker().withAcl("topic readwrite observed/#");

	private static ConfigurableApplicationContext start(String... extraArguments) {
		List<String> arguments = new ArrayList<>(List.of("--spring.main.web-application-type=none",
				"--spring.main.banner-mode=off", "--mqtt.server-uris=" + mosquitto.uri(),
				"--management.tracing.sampling.probability=1.0"));
		arguments.addAll(List.of(extraArguments));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ObservedApplication.class)
			.run(arguments.toArray(String[]::new));
		MqttContexts.awaitSubscribed(context, "observed/in");
		return context;
	}

	@Test
	void publishAndListenerTimersCountSuccessesAndFailuresByLowCardinalityTags() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			MqttTemplate template = context.getBean(MqttTemplate.class);
			ObservedListener listener = context.getBean(ObservedListener.class);
			template.publish("observed/in", "one").get(10, TimeUnit.SECONDS);
			template.publish("observed/in", "fail").get(10, TimeUnit.SECONDS);
			template.publish("observed/in", "two", 0, false).get(10, TimeUnit.SECONDS);
			assertThat(template.publish("forbidden/topic", "refused")).failsWithin(Duration.ofSeconds(10));
			for (int i = 0; i < 3; i++) {
				assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isNotNull();
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(count(registry, "mqtt.listener", "listener", "observed", "result",
						"success") + count(registry, "mqtt.listener", "listener", "observed", "result", "failure"))
					.isEqualTo(3));
			assertThat(count(registry, "mqtt.publish", "qos", "1", "result", "success")).isEqualTo(2);
			assertThat(count(registry, "mqtt.publish", "qos", "0", "result", "success")).isEqualTo(1);
			assertThat(count(registry, "mqtt.publish", "qos", "1", "result", "failure")).isEqualTo(1);
			assertThat(count(registry, "mqtt.listener", "listener", "observed", "result", "success")).isEqualTo(2);
			assertThat(count(registry, "mqtt.listener", "listener", "observed", "result", "failure")).isEqualTo(1);
			// Only bounded tags: never the concrete topic
			assertThat(registry.find("mqtt.publish").timers()).allSatisfy((timer) -> assertThat(timer.getId()
				.getTags()).extracting(io.micrometer.core.instrument.Tag::getKey).doesNotContain("messaging.destination.name"));
			assertThat(registry.get("mqtt.publish.inflight").gauge().value()).isZero();
		}
	}

	@Test
	void messagesTakenFromASubscriptionAreTimedWithTheFilterAsTheListenerTag() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			MqttTemplate template = context.getBean(MqttTemplate.class);
			try (MqttSubscription subscription = template.subscribe("observed/pulled/+", 1)) {
				template.publish("observed/pulled/a", "one").get(10, TimeUnit.SECONDS);
				template.publish("observed/pulled/b", "two").get(10, TimeUnit.SECONDS);
				assertThat(subscription.receive(Duration.ofSeconds(10))).isNotNull();
				assertThat(subscription.receive(Duration.ofSeconds(10))).isNotNull();
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(count(registry, "mqtt.listener", "listener", "observed/pulled/+", "result", "success",
					"connection", "default"))
				.isEqualTo(2);
		}
	}

	private static long count(MeterRegistry registry, String name, String... tags) {
		Timer timer = registry.find(name).tags(tags).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void traceStartedAroundPublishContinuesInListenerOfTheSameApplication() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.nextSpan().name("caller").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				context.getBean(MqttTemplate.class).publish("observed/in", "traced").get(10, TimeUnit.SECONDS);
			}
			finally {
				span.end();
			}
			Received received = context.getBean(ObservedListener.class).received.poll(10, TimeUnit.SECONDS);
			assertThat(received.traceparent()).as("W3C traceparent user property")
				.startsWith("00-" + span.context().traceId() + "-");
			assertThat(received.traceId()).isEqualTo(span.context().traceId());
		}
	}

	@Test
	void onMqtt311TimersAndHealthWorkAlikeAndSpansStayLocalAsNoTraceContextCanTravel() throws Exception {
		try (ConfigurableApplicationContext context = start("--mqtt.protocol-version=3.1.1")) {
			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.nextSpan().name("caller").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				context.getBean(MqttTemplate.class).publish("observed/in", "traced").get(10, TimeUnit.SECONDS);
			}
			finally {
				span.end();
			}
			Received received = context.getBean(ObservedListener.class).received.poll(10, TimeUnit.SECONDS);
			assertThat(received.traceparent()).as("MQTT 3.1.1 has no user properties").isNull();
			assertThat(received.traceId()).as("the listener's own span").isNotNull().isNotEqualTo(span.context().traceId());
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(count(registry, "mqtt.listener", "listener", "observed", "result",
						"success")).isOne());
			assertThat(count(registry, "mqtt.publish", "qos", "1", "result", "success")).isOne();
			assertThat(registry.get("mqtt.client.connected").gauge().value()).isEqualTo(1.0);
			Health health = context.getBean(MqttHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("state", MqttConnectionState.CONNECTED);
		}
	}

	@Test
	void withTemplateObservationDisabledNoTraceContextIsSentAndNoPublishTimerRecorded() throws Exception {
		try (ConfigurableApplicationContext context = start("--mqtt.template.observation-enabled=false")) {
			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.nextSpan().name("caller").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				context.getBean(MqttTemplate.class).publish("observed/in", "untraced").get(10, TimeUnit.SECONDS);
			}
			finally {
				span.end();
			}
			Received received = context.getBean(ObservedListener.class).received.poll(10, TimeUnit.SECONDS);
			assertThat(received.traceparent()).isNull();
			assertThat(received.traceId()).isNotNull().isNotEqualTo(span.context().traceId());
			assertThat(context.getBean(MeterRegistry.class).find("mqtt.publish").timers()).isEmpty();
		}
	}

	@Test
	void withListenerObservationDisabledNoListenerTimerOrSpan() throws Exception {
		try (ConfigurableApplicationContext context = start("--mqtt.listener.observation-enabled=false")) {
			context.getBean(MqttTemplate.class).publish("observed/in", "plain").get(10, TimeUnit.SECONDS);
			Received received = context.getBean(ObservedListener.class).received.poll(10, TimeUnit.SECONDS);
			assertThat(received.traceparent()).isNotNull();
			assertThat(received.traceId()).isNull();
			assertThat(context.getBean(MeterRegistry.class).find("mqtt.listener").timers()).isEmpty();
		}
	}

}
