package io.mqttspring.connection.transport.hivemq;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3Unsubscribe;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3UnsubscribeBuilder;
import io.mqttspring.connection.transport.ConnectRequest;
import io.mqttspring.connection.transport.ConnectResult;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttPublishProperties;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;
import io.mqttspring.connection.transport.SubscribeResult;
import io.mqttspring.connection.transport.SubscriptionRequest;
import io.mqttspring.connection.transport.TransportSettings;
import io.reactivex.disposables.Disposable;

/**
 * A connection of the HiveMQ transport over MQTT 3.1.1: no properties, and the broker
 * grants no Receive Maximum, so the caller's in-flight limit is the window.
 */
final class HiveMqV3Connection extends HiveMqConnection {

	private final Mqtt3Client client;

	private final Mqtt3AsyncClient async;

	private final TransportSettings settings;

	HiveMqV3Connection(MqttClientBuilder builder, String serverUri, TransportSettings settings,
			HiveMqTransport.Events events) {
		super(serverUri, events);
		this.settings = settings;
		this.client = builder.addConnectedListener((context) -> onConnected())
			.addDisconnectedListener(this::onDisconnected)
			.useMqttVersion3()
			.build();
		this.async = this.client.toAsync();
	}

	@Override
	Disposable receive(Consumer<InboundPublish> consumer) {
		return this.client.toRx()
			.publishes(MqttGlobalPublishFilter.ALL, true)
			.subscribe((publish) -> consumer.accept(new InboundPublish(publish.getTopic().toString(),
					publish.getPayloadAsBytes(), publish.getQos().getCode(), publish.isRetain(), false, 0,
					MqttPublishProperties.NONE, publish)), HiveMqConnection::sessionEnded);
	}

	@Override
	CompletableFuture<ConnectResult> connect(ConnectRequest request) {
		Mqtt3ConnectBuilder connect = Mqtt3Connect.builder()
			.cleanSession(this.settings.cleanStart())
			.keepAlive(Math.toIntExact(this.settings.keepAlive().toSeconds()));
		if (request.username() != null) {
			Mqtt3SimpleAuthBuilder.Complete auth = Mqtt3SimpleAuth.builder().username(request.username());
			if (request.password() != null) {
				auth = auth.password(HiveMqV5Connection.utf8(request.password()));
			}
			connect.simpleAuth(auth.build());
		}
		else if (request.password() != null) {
			return CompletableFuture.failedFuture(new MqttTransportException(MqttTransportException.Kind.OTHER,
					"MQTT 3.1.1 cannot send a password without a user name: set mqtt.username", null));
		}
		TransportSettings.WillMessage will = this.settings.will();
		if (will != null) {
			connect.willPublish(Mqtt3Publish.builder()
				.topic(will.topic())
				.qos(HiveMqV5Connection.qos(will.qos()))
				.retain(will.retained())
				.payload(will.payload())
				.build());
		}
		return this.async.connect(connect.build()).handle((connAck, failure) -> {
			if (failure != null) {
				throw new CompletionException(
						HiveMqFailures.connectFailed(failure, serverUri(), MqttProtocolVersion.MQTT_3_1_1));
			}
			return new ConnectResult(serverUri(), connAck.isSessionPresent(), this.settings.maxInFlight(), 0, false);
		});
	}

	@Override
	boolean clientConnected() {
		return this.client.getState().isConnected();
	}

	@Override
	CompletableFuture<Void> sendDisconnect() {
		return this.async.disconnect();
	}

	@Override
	void publish(OutboundPublish message, Consumer<PublishAck> acknowledged) throws MqttTransportException {
		if (!message.properties().isEmpty()) {
			throw new MqttTransportException(MqttTransportException.Kind.OTHER,
					"MQTT 5 properties cannot be sent over " + MqttProtocolVersion.MQTT_3_1_1, null);
		}
		checkConnected();
		Mqtt3Publish publish;
		try {
			publish = Mqtt3Publish.builder()
				.topic(message.topic())
				.qos(HiveMqV5Connection.qos(message.qos()))
				.retain(message.retained())
				.payload(message.payload())
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new MqttTransportException(MqttTransportException.Kind.OTHER, ex.getMessage(), ex);
		}
		// A failure comes with a connection loss, which the listener hears of
		this.async.publish(publish).whenComplete((result, failure) -> {
			if (failure == null) {
				acknowledged.accept((message.qos() == 0) ? PublishAck.WRITTEN : new PublishAck(0, 0));
			}
		});
	}

	@Override
	CompletableFuture<List<SubscribeResult>> subscribe(List<SubscriptionRequest> subscriptions) {
		Mqtt3Subscribe subscribe = Mqtt3Subscribe.builder()
			.addSubscriptions(subscriptions.stream()
				.map((request) -> Mqtt3Subscription.builder()
					.topicFilter(request.topicFilter())
					.qos(HiveMqV5Connection.qos(request.qos()))
					.build()))
			.build();
		return this.async.subscribe(subscribe).handle((subAck, failure) -> {
			if (failure == null) {
				return results(subscriptions, subAck);
			}
			// The library fails the SUBSCRIBE when the broker refused every filter
			Throwable cause = HiveMqFailures.unwrap(failure);
			if (cause instanceof Mqtt3SubAckException refused) {
				return results(subscriptions, refused.getMqttMessage());
			}
			throw new CompletionException(HiveMqFailures.sendFailed(cause));
		});
	}

	private static List<SubscribeResult> results(List<SubscriptionRequest> subscriptions, Mqtt3SubAck subAck) {
		List<Mqtt3SubAckReturnCode> codes = subAck.getReturnCodes();
		return IntStream.range(0, subscriptions.size())
			.mapToObj((i) -> new SubscribeResult(subscriptions.get(i).topicFilter(),
					(i < codes.size()) ? codes.get(i).getCode() : subscriptions.get(i).qos()))
			.toList();
	}

	@Override
	CompletableFuture<Void> unsubscribe(List<String> topicFilters) {
		Mqtt3UnsubscribeBuilder.Start builder = Mqtt3Unsubscribe.builder();
		Mqtt3UnsubscribeBuilder.Complete complete = null;
		for (String topicFilter : topicFilters) {
			complete = (complete != null) ? complete.addTopicFilter(topicFilter) : builder.addTopicFilter(topicFilter);
		}
		if (complete == null) {
			return CompletableFuture.completedFuture(null);
		}
		return this.async.unsubscribe(complete.build()).handle((ignored, failure) -> {
			if (failure != null) {
				throw new CompletionException(HiveMqFailures.sendFailed(failure));
			}
			return null;
		});
	}

	@Override
	void acknowledge(InboundPublish message) throws MqttTransportException {
		try {
			message.unwrap(Mqtt3Publish.class).acknowledge();
		}
		catch (RuntimeException ex) {
			throw HiveMqFailures.sendFailed(ex);
		}
	}

}
