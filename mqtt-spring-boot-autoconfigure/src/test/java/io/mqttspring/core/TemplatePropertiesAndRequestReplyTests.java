package io.mqttspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.mqttspring.Reading;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MQTT 5 properties set through {@code send(Message)} and through publish options, as an
 * outside client ({@code mosquitto_sub}) and a listener see them; and request/reply.
 */
class TemplatePropertiesAndRequestReplyTests {

	private static final String FORMAT = "%C|%F|%E|%R|%D|%P|%p";

	@RegisterExtension
	static final MosquittoBroker mosquitto = new MosquittoBroker();

	@Test
	void everyMqtt5PropertyOfSendRoundTripsToMosquittoSubAndToListenerHeaders() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(PropertiesListener.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "props/send");
			// A filter of its own: the listener's subscription to props/send is in the broker log too
			MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(mosquitto.port(), "props/+", 1, 10,
					FORMAT);
			mosquitto.awaitSubscription("props/+");
			context.getBean(MqttTemplate.class)
				.send(MessageBuilder.withPayload("body")
					.setHeader(MqttHeaders.TOPIC, "props/send")
					.setHeader(MessageHeaders.CONTENT_TYPE, "text/plain")
					.setHeader(MqttPropertyHeaders.PAYLOAD_FORMAT_INDICATOR, true)
					.setHeader(MqttHeaders.MESSAGE_EXPIRY_INTERVAL, 60)
					.setHeader(MqttHeaders.RESPONSE_TOPIC, "props/reply")
					.setHeader(MqttHeaders.CORRELATION_DATA, "corr-1".getBytes(StandardCharsets.UTF_8))
					.setHeader("tenant", "acme")
					.build())
				.get(10, TimeUnit.SECONDS);
			assertThat(subscriber.awaitLines()).containsExactly("text/plain|1|60|props/reply|corr-1|tenant:acme|body");
			Map<String, Object> headers = context.getBean(PropertiesListener.class).headers.poll(10, TimeUnit.SECONDS);
			assertThat(headers).containsEntry(MessageHeaders.CONTENT_TYPE, "text/plain")
				.containsEntry(MqttPropertyHeaders.PAYLOAD_FORMAT_INDICATOR, true)
				.containsEntry(MqttHeaders.RESPONSE_TOPIC, "props/reply")
				.containsEntry("tenant", "acme");
			assertThat((byte[]) headers.get(MqttHeaders.CORRELATION_DATA)).asString().isEqualTo("corr-1");
			assertThat(((Number) headers.get(MqttHeaders.MESSAGE_EXPIRY_INTERVAL)).longValue()).isBetween(58L, 60L);
		});
	}

	@Test
	void publishOptionsSetTheSamePropertiesAndContentTypeIsIndependentOfPayloadFormat() {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			MosquittoClients.Subscriber subscriber = MosquittoClients.subscribe(mosquitto.port(), "props/options/+", 3,
					10, "%t " + FORMAT);
			mosquitto.awaitSubscription("props/options/+");
			MqttContexts.awaitConnected(context);
			MqttTemplate template = context.getBean(MqttTemplate.class);
			template
				.publish("props/options/all", new Reading("r", 1.0),
						(options) -> options.qos(2)
							.contentType("application/json")
							.payloadFormatIndicator(true)
							.messageExpiry(Duration.ofSeconds(30))
							.responseTopic("props/answer")
							.correlationData("c-7")
							.userProperty("k", "v")
							.userProperty("k", "w"))
				.get(10, TimeUnit.SECONDS);
			template.publish("props/options/type", "x", (options) -> options.contentType("text/plain"))
				.get(10, TimeUnit.SECONDS);
			template.publish("props/options/format", "y", (options) -> options.payloadFormatIndicator(true))
				.get(10, TimeUnit.SECONDS);
			assertThat(subscriber.awaitLines()).containsExactly(
					"props/options/all application/json|1|30|props/answer|c-7|k:v k:w|{\"deviceId\":\"r\",\"celsius\":1.0}",
					"props/options/type text/plain||||||x", "props/options/format |1|||||y");
		});
	}

	@Test
	void requestGetsTypedReplyFromListenerAndConcurrentRequestsGetTheirOwnReplies() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(Doubler.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "calc/double");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			Reading reply = template.request("calc/double", new Reading("a", 21.0), Reading.class, Duration.ofSeconds(10))
				.get(15, TimeUnit.SECONDS);
			assertThat(reply).isEqualTo(new Reading("a", 42.0));

			List<CompletableFuture<Reading>> replies = IntStream.range(0, 50)
				.mapToObj((i) -> template.request("calc/double", new Reading("r" + i, i), Reading.class,
						Duration.ofSeconds(20)))
				.toList();
			for (int i = 0; i < 50; i++) {
				assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(new Reading("r" + i, 2.0 * i));
			}
			assertThat(template.getPendingRequests()).isZero();
		});
	}

	@Test
	void requestWithoutResponderTimesOutWithClearExceptionAndLeavesNoPendingRequest() {
		MqttContexts.runner(mosquitto.uri()).run((context) -> {
			MqttContexts.awaitConnected(context);
			MqttTemplate template = context.getBean(MqttTemplate.class);
			CompletableFuture<String> reply = template.request("calc/nobody", "hello?", String.class,
					Duration.ofMillis(500));
			assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(MqttRequestTimeoutException.class)
				.hasMessageStartingWith("No reply to the request published to 'calc/nobody' arrived on 'replies/")
				.hasMessageEndingWith("within 500 ms");
			assertThat(template.getPendingRequests()).isZero();
		});
	}

	@Test
	void lateReplyIsDroppedWithoutDisturbingLaterRequests() {
		MqttContexts.runner(mosquitto.uri()).withUserConfiguration(SlowResponder.class).run((context) -> {
			MqttContexts.awaitSubscribed(context, "calc/slow");
			MqttTemplate template = context.getBean(MqttTemplate.class);
			CompletableFuture<String> late = template.request("calc/slow", "late", String.class, Duration.ofMillis(200));
			assertThat(late).failsWithin(Duration.ofSeconds(5));
			Thread.sleep(1500);
			assertThat(template.getPendingRequests()).isZero();
			assertThat(template.request("calc/slow", "fast", String.class, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
				.isEqualTo("answer:fast");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class PropertiesListener {

		final BlockingQueue<Map<String, Object>> headers = new LinkedBlockingQueue<>();

		@MqttListener(topics = "props/send")
		void onMessage(@Payload String payload, @Headers Map<String, Object> headers) {
			this.headers.add(headers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Doubler {

		@MqttListener(topics = "calc/double", concurrency = "4")
		@SendTo
		Reading onRequest(Reading reading) {
			return new Reading(reading.deviceId(), reading.celsius() * 2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowResponder {

		@MqttListener(topics = "calc/slow")
		@SendTo
		String onRequest(String request) throws InterruptedException {
			if (request.equals("late")) {
				Thread.sleep(1000);
			}
			return "answer:" + request;
		}

	}

}
