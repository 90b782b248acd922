package io.mqttspring.docs.observability;

import io.micrometer.common.KeyValue;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.core.MqttPublishObservationContext;
import io.mqttspring.testsupport.EmbeddedHiveMq;
import io.mqttspring.testsupport.MqttContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/observability.md, run against the embedded HiveMQ CE broker where
 * they need a connection.
 */
@ExtendWith(EmbeddedHiveMq.class)
class ObservabilitySnippetsTests {

	@Test
	void connectionReportDescribesTheConnectedClient() {
		MqttContexts.runner(EmbeddedHiveMq.uri())
			.withPropertyValues("mqtt.client-id=report-1")
			.withUserConfiguration(ConnectionReport.class, ConnectionEvents.class)
			.run((context) -> {
				MqttContexts.awaitConnected(context);
				assertThat(context.getBean(ConnectionReport.class).describe())
					.isEqualTo("CONNECTED to " + EmbeddedHiveMq.uri() + " as report-1, 0 reconnects, 0 connections lost");
			});
	}

	@Test
	void topicRootConventionTagsPublishesWithTheFirstTopicLevel() {
		MqttPublishObservationContext context = new MqttPublishObservationContext("default", "orders/42/placed", 1,
				MqttPublishProperties.builder());
		assertThat(new TopicRootConvention().getLowCardinalityKeyValues(context))
			.contains(KeyValue.of("topic.root", "orders"));
	}

}
