package io.mqttspring.observability;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.mqttspring.listener.MqttListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.Header;

/**
 * An application with everything auto-configured (web, actuator, Micrometer, Brave
 * tracing), as a user's application has it, and one listener that fails on demand.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ObservedApplication {

	@Bean
	ObservedListener observedListener(ObjectProvider<Tracer> tracer) {
		return new ObservedListener(tracer);
	}

	static class ObservedListener {

		final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

		private final ObjectProvider<Tracer> tracer;

		ObservedListener(ObjectProvider<Tracer> tracer) {
			this.tracer = tracer;
		}

		@MqttListener(id = "observed", topics = "observed/in")
		void onMessage(String payload, @Header(name = "traceparent", required = false) String traceparent) {
			Tracer currentTracer = this.tracer.getIfAvailable();
			Span span = (currentTracer != null) ? currentTracer.currentSpan() : null;
			this.received.add(new Received(payload, traceparent, (span != null) ? span.context().traceId() : null));
			if (payload.equals("fail")) {
				throw new IllegalStateException("failing on purpose");
			}
		}

	}

	record Received(String payload, String traceparent, String traceId) {
	}

}
