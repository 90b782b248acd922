package io.mqttspring.connection.transport.hivemq;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.Mqtt5ReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5UnsubscribeBuilder;
import io.mqttspring.connection.transport.ConnectRequest;
import io.mqttspring.connection.transport.ConnectResult;
import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttProtocolVersion;
import io.mqttspring.connection.transport.MqttTransportException;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;
import io.mqttspring.connection.transport.SubscribeResult;
import io.mqttspring.connection.transport.SubscriptionRequest;
import io.mqttspring.connection.transport.TransportSettings;
import io.reactivex.disposables.Disposable;

/**
 * A connection of the HiveMQ transport over MQTT 5: properties, reason codes and the
 * broker's Receive Maximum and Maximum Packet Size.
 */
final class HiveMqV5Connection extends HiveMqConnection {

	private final Mqtt5Client client;

	private final Mqtt5AsyncClient async;

	private final TransportSettings settings;

	HiveMqV5Connection(MqttClientBuilder builder, String serverUri, TransportSettings settings,
			HiveMqTransport.Events events) {
		super(serverUri, events);
		this.settings = settings;
		this.client = builder.addConnectedListener((context) -> onConnected())
			.addDisconnectedListener(this::onDisconnected)
			.useMqttVersion5()
			.build();
		this.async = this.client.toAsync();
	}

	@Override
	Disposable receive(Consumer<InboundPublish> consumer) {
		return this.client.toRx()
			.publishes(MqttGlobalPublishFilter.ALL, true)
			.subscribe((publish) -> consumer.accept(HiveMqMessages.toInboundPublish(publish)),
					HiveMqConnection::sessionEnded);
	}

	@Override
	CompletableFuture<ConnectResult> connect(ConnectRequest request) {
		// Not settings.receiveMaximum(): the HiveMQ client drops the connection as a protocol
		// error when a broker sends beyond it, which Mosquitto 2.0.11 does once the client
		// acknowledges (docs/brokers.md), so the client's default, the protocol's 65535, stays
		Mqtt5ConnectBuilder connect = Mqtt5Connect.builder()
			.cleanStart(this.settings.cleanStart())
			.sessionExpiryInterval(this.settings.sessionExpiry().toSeconds())
			.keepAlive(Math.toIntExact(this.settings.keepAlive().toSeconds()));
		Mqtt5SimpleAuthBuilder.Complete auth = null;
		if (request.username() != null) {
			auth = Mqtt5SimpleAuth.builder().username(request.username());
		}
		if (request.password() != null) {
			byte[] password = utf8(request.password());
			auth = (auth != null) ? auth.password(password) : Mqtt5SimpleAuth.builder().password(password);
		}
		if (auth != null) {
			connect.simpleAuth(auth.build());
		}
		TransportSettings.WillMessage will = this.settings.will();
		if (will != null) {
			connect.willPublish(HiveMqMessages.toWill(will));
		}
		return this.async.connect(connect.build())
			.handle((connAck, failure) -> {
				if (failure != null) {
					throw new java.util.concurrent.CompletionException(
							HiveMqFailures.connectFailed(failure, serverUri(), MqttProtocolVersion.MQTT_5));
				}
				return connected(connAck);
			});
	}

	private ConnectResult connected(Mqtt5ConnAck connAck) {
		Mqtt5ConnAckRestrictions restrictions = connAck.getRestrictions();
		int maximumPacketSize = restrictions.getMaximumPacketSize();
		// The library reports "no limit" as the largest size MQTT allows
		return new ConnectResult(serverUri(), connAck.isSessionPresent(), restrictions.getReceiveMaximum(),
				(maximumPacketSize >= Mqtt5ConnAckRestrictions.DEFAULT_MAXIMUM_PACKET_SIZE_NO_LIMIT) ? 0
						: maximumPacketSize,
				// The library assigns subscription identifiers itself and does not show them
				false);
	}

	static byte[] utf8(char[] password) {
		ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
		byte[] bytes = new byte[encoded.remaining()];
		encoded.get(bytes);
		return bytes;
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
		checkConnected();
		Mqtt5Publish publish;
		try {
			publish = HiveMqMessages.toPublish(message);
		}
		catch (IllegalArgumentException ex) {
			throw new MqttTransportException(MqttTransportException.Kind.OTHER, ex.getMessage(), ex);
		}
		this.async.publish(publish).whenComplete((result, failure) -> {
			if (failure == null) {
				acknowledged.accept(ack(result));
				return;
			}
			// A refusal: the broker's reason code, which the caller checks. Other failures
			// come with a connection loss, which the listener hears of.
			Throwable cause = HiveMqFailures.unwrap(failure);
			if (cause instanceof Mqtt5PubAckException refused) {
				acknowledged.accept(new PublishAck(0, refused.getMqttMessage().getReasonCode().getCode()));
			}
			else if (cause instanceof Mqtt5PubRecException refused) {
				acknowledged.accept(new PublishAck(0, refused.getMqttMessage().getReasonCode().getCode()));
			}
		});
	}

	private static PublishAck ack(Mqtt5PublishResult result) {
		if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1) {
			return new PublishAck(0, qos1.getPubAck().getReasonCode().getCode());
		}
		if (result instanceof Mqtt5PublishResult.Mqtt5Qos2Result qos2) {
			return new PublishAck(0, qos2.getPubRec().getReasonCode().getCode());
		}
		return PublishAck.WRITTEN;
	}

	@Override
	CompletableFuture<List<SubscribeResult>> subscribe(List<SubscriptionRequest> subscriptions) {
		Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder()
			.addSubscriptions(subscriptions.stream()
				.map((request) -> Mqtt5Subscription.builder()
					.topicFilter(request.topicFilter())
					.qos(qos(request.qos()))
					.build()))
			.build();
		return this.async.subscribe(subscribe).handle((subAck, failure) -> {
			if (failure == null) {
				return results(subscriptions, subAck);
			}
			// The library fails the SUBSCRIBE when the broker refused every filter
			Throwable cause = HiveMqFailures.unwrap(failure);
			if (cause instanceof Mqtt5SubAckException refused) {
				return results(subscriptions, refused.getMqttMessage());
			}
			throw new java.util.concurrent.CompletionException(HiveMqFailures.sendFailed(cause));
		});
	}

	private static List<SubscribeResult> results(List<SubscriptionRequest> subscriptions, Mqtt5SubAck subAck) {
		List<? extends Mqtt5ReasonCode> codes = subAck.getReasonCodes();
		return java.util.stream.IntStream.range(0, subscriptions.size())
			.mapToObj((i) -> new SubscribeResult(subscriptions.get(i).topicFilter(),
					(i < codes.size()) ? codes.get(i).getCode() : subscriptions.get(i).qos()))
			.toList();
	}

	static MqttQos qos(int qos) {
		MqttQos value = MqttQos.fromCode(qos);
		if (value == null) {
			throw new IllegalArgumentException("QoS must be 0, 1 or 2, not " + qos);
		}
		return value;
	}

	@Override
	CompletableFuture<Void> unsubscribe(List<String> topicFilters) {
		Mqtt5UnsubscribeBuilder.Start builder = Mqtt5Unsubscribe.builder();
		Mqtt5UnsubscribeBuilder.Complete complete = null;
		for (String topicFilter : topicFilters) {
			complete = (complete != null) ? complete.addTopicFilter(topicFilter) : builder.addTopicFilter(topicFilter);
		}
		if (complete == null) {
			return CompletableFuture.completedFuture(null);
		}
		return this.async.unsubscribe(complete.build()).handle((unsubAck, failure) -> {
			if (failure != null) {
				throw new java.util.concurrent.CompletionException(HiveMqFailures.sendFailed(failure));
			}
			return null;
		});
	}

	@Override
	void acknowledge(InboundPublish message) throws MqttTransportException {
		try {
			message.unwrap(Mqtt5Publish.class).acknowledge();
		}
		catch (RuntimeException ex) {
			throw HiveMqFailures.sendFailed(ex);
		}
	}

}
