package io.mqttspring.testsupport;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener on {@code echo.topic} (default {@code echo}), to prove that messages flow
 * through the connection an application context set up.
 */
@Configuration(proxyBeanMethods = false)
public class EchoListener {

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	@MqttListener(topics = "${echo.topic:echo}")
	void onMessage(String text) {
		this.received.add(text);
	}

	/**
	 * Publish the payload with the context's {@link MqttTemplate} and assert that the
	 * context's {@link EchoListener} receives it.
	 * @param context a context with the MQTT auto-configuration and an {@link EchoListener}
	 * @param payload the text to send
	 * @throws Exception if publishing fails or times out
	 */
	public static void assertRoundTrip(ApplicationContext context, String payload) throws Exception {
		String topic = context.getEnvironment().getProperty("echo.topic", "echo");
		MqttContexts.awaitSubscribed(context, topic);
		context.getBean(MqttTemplate.class).publish(topic, payload).get(10, TimeUnit.SECONDS);
		assertThat(context.getBean(EchoListener.class).received.poll(10, TimeUnit.SECONDS)).isEqualTo(payload);
	}

}
