package io.mqttspring.connection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.mqttspring.connection.transport.InboundPublish;
import io.mqttspring.connection.transport.MqttPublishProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of the PUBACKs that {@link InboundAcknowledgements} sends, with a recording
 * sender; {@code AcknowledgementOrderTests} shows it on the wire against Mosquitto.
 */
class InboundAcknowledgementsTests {

	private final List<Integer> sent = new ArrayList<>();

	private final InboundAcknowledgements acknowledgements = new InboundAcknowledgements(
			(message) -> this.sent.add(message.packetId()), false);

	@Test
	void acknowledgementsSettledOutOfOrderAreSentInArrivalOrder() {
		MqttInboundDelivery first = delivery(1, 1);
		MqttInboundDelivery second = delivery(2, 1);
		MqttInboundDelivery third = delivery(3, 1);
		third.acknowledge();
		second.acknowledge();
		assertThat(this.sent).isEmpty();
		first.acknowledge();
		assertThat(this.sent).containsExactly(1, 2, 3);
		assertThat(this.acknowledgements.waiting()).isZero();
	}

	@Test
	void messageWithoutHandlersIsAcknowledgedInItsTurn() {
		MqttInboundDelivery first = delivery(1, 1);
		this.acknowledgements.received(message(2, 1), 0);
		assertThat(this.sent).isEmpty();
		first.acknowledge();
		assertThat(this.sent).containsExactly(1, 2);
	}

	@Test
	void withheldMessageIsNeverAcknowledgedAndDoesNotHoldBackLaterOnes() {
		MqttInboundDelivery first = delivery(1, 1);
		MqttInboundDelivery second = delivery(2, 1);
		second.acknowledge();
		first.withhold();
		first.acknowledge();
		assertThat(this.sent).containsExactly(2);
	}

	@Test
	void deferredAcknowledgmentLetsLaterOnesGoAndIsSentWhenGiven() {
		MqttInboundDelivery first = delivery(1, 1);
		MqttInboundDelivery second = delivery(2, 1);
		second.acknowledge();
		first.deferAcknowledgment();
		assertThat(this.sent).containsExactly(2);
		first.acknowledge();
		first.acknowledge();
		assertThat(this.sent).containsExactly(2, 1);
	}

	@Test
	void deferAfterAcknowledgingChangesNothing() {
		MqttInboundDelivery first = delivery(1, 1);
		first.acknowledge();
		first.deferAcknowledgment();
		MqttInboundDelivery second = delivery(2, 1);
		second.acknowledge();
		assertThat(this.sent).containsExactly(1, 2);
	}

	@Test
	void messageRoutedToSeveralHandlersIsAcknowledgedOnceAllAcknowledged() {
		InboundAcknowledgements.Settlement settlement = this.acknowledgements.received(message(1, 1), 2);
		MqttInboundDelivery one = new MqttInboundDelivery(message(1, 1), settlement);
		MqttInboundDelivery other = new MqttInboundDelivery(message(1, 1), settlement);
		one.acknowledge();
		assertThat(this.sent).isEmpty();
		other.acknowledge();
		assertThat(this.sent).containsExactly(1);
	}

	@Test
	void qos0AndQos2MessagesNeitherWaitNorHoldBackQos1Ones() {
		MqttInboundDelivery qos2 = delivery(1, 2);
		MqttInboundDelivery qos0 = delivery(0, 0);
		MqttInboundDelivery qos1 = delivery(2, 1);
		qos1.acknowledge();
		qos0.acknowledge();
		qos2.acknowledge();
		assertThat(this.sent).containsExactly(2);
	}

	@Test
	void connectionLossForgetsMessagesWaitingForTheirTurn() {
		MqttInboundDelivery first = delivery(1, 1);
		MqttInboundDelivery second = delivery(2, 1);
		second.acknowledge();
		this.acknowledgements.connectionLost();
		assertThat(this.acknowledgements.waiting()).isZero();
		first.acknowledge();
		MqttInboundDelivery redelivered = delivery(2, 1);
		redelivered.acknowledge();
		assertThat(this.sent).containsExactly(2);
	}

	// A listener deferring on its thread while the message is acknowledged on another (a
	// dead letter's completion, a MANUAL acknowledgment): counted twice, the handler still
	// running would no longer hold the message in the order, and a later one would overtake it
	@Test
	void deferralRacingWithAnAcknowledgementOnAnotherThreadIsCountedOnce() throws Exception {
		int rounds = 5_000;
		AtomicReferenceArray<MqttInboundDelivery> racing = new AtomicReferenceArray<>(rounds);
		AtomicInteger released = new AtomicInteger(-1);
		AtomicInteger acknowledged = new AtomicInteger(-1);
		// Both threads spin, so that each round's two calls start within a few nanoseconds
		Thread acknowledging = new Thread(() -> {
			for (int round = 0; round < rounds; round++) {
				while (released.get() < round) {
					Thread.onSpinWait();
				}
				racing.get(round).acknowledge();
				acknowledged.set(round);
			}
		});
		acknowledging.setDaemon(true);
		acknowledging.start();
		for (int round = 0; round < rounds; round++) {
			List<Integer> sentInRound = Collections.synchronizedList(new ArrayList<>());
			InboundAcknowledgements acknowledgements = new InboundAcknowledgements(
					(message) -> sentInRound.add(message.packetId()), false);
			InboundAcknowledgements.Settlement settlement = acknowledgements.received(message(1, 1), 2);
			MqttInboundDelivery delivery = new MqttInboundDelivery(message(1, 1), settlement);
			MqttInboundDelivery stillRunning = new MqttInboundDelivery(message(1, 1), settlement);
			new MqttInboundDelivery(message(2, 1), acknowledgements.received(message(2, 1), 1)).acknowledge();
			racing.set(round, delivery);
			released.set(round);
			delivery.deferAcknowledgment();
			while (acknowledged.get() < round) {
				Thread.onSpinWait();
			}
			assertThat(sentInRound).as("round %d: message 1 is still being handled", round).isEmpty();
			stillRunning.acknowledge();
			assertThat(sentInRound).as("round %d", round).containsExactly(1, 2);
		}
		acknowledging.join(10_000);
	}

	private MqttInboundDelivery delivery(int id, int qos) {
		InboundPublish message = message(id, qos);
		return new MqttInboundDelivery(message, this.acknowledgements.received(message, 1));
	}

	private static InboundPublish message(int id, int qos) {
		return new InboundPublish("t", new byte[0], qos, false, false, id, MqttPublishProperties.NONE, null);
	}

}
