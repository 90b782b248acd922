package io.mqttspring.connections;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttspring.autoconfigure.metrics.MqttClientMetrics;
import io.mqttspring.autoconfigure.metrics.MqttMetricsAutoConfiguration;
import io.mqttspring.connection.SharedMqttClient;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.testsupport.MosquittoBroker;
import io.mqttspring.testsupport.MosquittoClients;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two brokers in one application: the default connection ({@code mqtt.*}) and a named
 * one ({@code mqtt.connections.edge.*}), each with its client, template and listeners,
 * and a listener bridging from one to the other.
 */
class NamedConnectionsTests {

	@RegisterExtension
	static final MosquittoBroker cloud = new MosquittoBroker();

	@RegisterExtension
	static final MosquittoBroker edge = new MosquittoBroker();

	private static ApplicationContextRunner twoBrokers() {
		return MqttContexts.runner(cloud.uri())
			.withPropertyValues("mqtt.connections.edge.server-uris=" + edge.uri(),
					"mqtt.connections.edge.reconnect.min-delay=100ms", "mqtt.connections.edge.reconnect.max-delay=1s");
	}

	@Test
	void eachConnectionsListenerReceivesOnlyItsBrokersMessagesAndEachTemplatePublishesToItsOwnBroker()
			throws Exception {
		twoBrokers().withUserConfiguration(SiteListeners.class).run((context) -> {
			SharedMqttClient cloudClient = context.getBean(SharedMqttClient.class);
			SharedMqttClient edgeClient = context.getBean("edgeMqttClient", SharedMqttClient.class);
			assertThat(cloudClient.getConnectionName()).isEqualTo("default");
			assertThat(edgeClient.getConnectionName()).isEqualTo("edge");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> cloudClient.isSubscribed("site/+") && edgeClient.isSubscribed("site/+"));
			MosquittoClients.publish(cloud.port(), "site/a", "from the cloud", 1);
			MosquittoClients.publish(edge.port(), "site/b", "from the edge", 1);
			SiteListeners listeners = context.getBean(SiteListeners.class);
			assertThat(listeners.cloud.poll(10, TimeUnit.SECONDS)).isEqualTo("site/a from the cloud");
			assertThat(listeners.edge.poll(10, TimeUnit.SECONDS)).isEqualTo("site/b from the edge");
			assertThat(listeners.cloud.poll(500, TimeUnit.MILLISECONDS)).isNull();
			assertThat(listeners.edge.poll(500, TimeUnit.MILLISECONDS)).isNull();

			MosquittoClients.Subscriber onCloud = MosquittoClients.subscribe(cloud.port(), "out/#", 1, 10);
			MosquittoClients.Subscriber onEdge = MosquittoClients.subscribe(edge.port(), "out/#", 1, 10);
			cloud.awaitSubscription("out/#");
			edge.awaitSubscription("out/#");
			Publishers publishers = context.getBean(Publishers.class);
			publishers.cloud.publish("out/x", "to the cloud").get(10, TimeUnit.SECONDS);
			publishers.edge.publish("out/x", "to the edge").get(10, TimeUnit.SECONDS);
			assertThat(onCloud.awaitLines()).containsExactly("out/x to the cloud");
			assertThat(onEdge.awaitLines()).containsExactly("out/x to the edge");
			assertThat(context.getBean(MqttTemplate.class)).isSameAs(publishers.cloud);
		});
	}

	@Test
	void aBridgeListenerOnTheEdgeConnectionForwardsToTheDefaultConnection() {
		twoBrokers().withUserConfiguration(Bridge.class).run((context) -> {
			SharedMqttClient edgeClient = context.getBean("edgeMqttClient", SharedMqttClient.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> edgeClient.isSubscribed("telemetry/+"));
			MosquittoClients.Subscriber onCloud = MosquittoClients.subscribe(cloud.port(), "cloud/telemetry/#", 1, 20);
			cloud.awaitSubscription("cloud/telemetry/#");
			MosquittoClients.publish(edge.port(), "telemetry/dev-3", "21.5", 1);
			assertThat(onCloud.awaitLines()).containsExactly("cloud/telemetry/dev-3 21.5");
		});
	}

	@Test
	void everyMeterIsTaggedWithItsConnection() {
		twoBrokers().withConfiguration(AutoConfigurations.of(MqttMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				MqttContexts.awaitConnected(context);
				SharedMqttClient edgeClient = context.getBean("edgeMqttClient", SharedMqttClient.class);
				await().atMost(Duration.ofSeconds(20)).until(edgeClient::isConnected);
				MeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(MqttClientMetrics.class).bindTo(registry);
				assertThat(registry.get("mqtt.client.connected").tag("connection", "default").gauge().value())
					.isEqualTo(1.0);
				assertThat(registry.get("mqtt.client.connected").tag("connection", "edge").gauge().value())
					.isEqualTo(1.0);
				assertThat(registry.find("mqtt.publish.rejected").tag("connection", "edge").functionCounters()).hasSize(3);
			});
	}

	@Test
	void aListenerNamingAnUnknownConnectionFailsTheStartUpNamingTheListenerTheNameAndTheKnownNames() {
		twoBrokers().withUserConfiguration(UnknownConnection.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("subscribes on connection 'egde', but there "
					+ "is no connection of that name; the connections are [default, edge]")
				.hasMessageContaining("unknownConnection");
		});
	}

	@Test
	void twoConnectionsWithOneClientIdToOneBrokerFailTheStartUp() {
		MqttContexts.runner(cloud.uri())
			.withPropertyValues("mqtt.client-id=twin", "mqtt.connections.again.server-uris=" + cloud.uri(),
					"mqtt.connections.again.client-id=twin")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Property mqtt.connections.again.client-id with value 'twin' is invalid")
					.hasMessageContaining("The connections 'default' and 'again' would both connect to " + cloud.uri()
							+ " as 'twin' and take over each other's session forever");
			});
	}

	@Test
	void aNamedConnectionWithoutServerUrisOrWithAReservedNameFailsTheStartUpNamingIt() {
		MqttContexts.runner(cloud.uri()).withPropertyValues("mqtt.connections.edge.client-id=edge-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Property mqtt.connections.edge.server-uris")
				.hasMessageContaining("The named connection 'edge' needs the URIs of its broker");
		});
		MqttContexts.runner(cloud.uri())
			.withPropertyValues("mqtt.connections.default.server-uris=" + edge.uri())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasMessageContaining("'default' is the name of the connection of mqtt.*");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class SiteListeners {

		final BlockingQueue<String> cloud = new LinkedBlockingQueue<>();

		final BlockingQueue<String> edge = new LinkedBlockingQueue<>();

		@MqttListener(id = "cloudSites", topics = "site/+")
		void onCloud(String payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
			this.cloud.add(topic + " " + payload);
		}

		@MqttListener(id = "edgeSites", topics = "site/+", connection = "edge")
		void onEdge(String payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
			this.edge.add(topic + " " + payload);
		}

		@Bean
		Publishers publishers(MqttTemplate cloud, @Qualifier("edge") MqttTemplate edge) {
			return new Publishers(cloud, edge);
		}

	}

	record Publishers(MqttTemplate cloud, MqttTemplate edge) {
	}

	@Configuration(proxyBeanMethods = false)
	static class Bridge {

		private final MqttTemplate cloud;

		Bridge(MqttTemplate cloud) {
			this.cloud = cloud;
		}

		@MqttListener(topics = "telemetry/+", connection = "edge")
		void forward(byte[] payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
			this.cloud.publish("cloud/" + topic, payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownConnection {

		@MqttListener(id = "unknownConnection", topics = "x", connection = "egde")
		void onMessage(String payload) {
		}

	}

}
