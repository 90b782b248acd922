package io.mqttspring.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.mqttspring.connection.PublishPipeline.SendResult;
import io.mqttspring.connection.PublishRejectedException.Reason;
import io.mqttspring.connection.transport.OutboundPublish;
import io.mqttspring.connection.transport.PublishAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PublishPipeline} against a fake transport that records what it is given and
 * answers when the test says so.
 */
class PublishPipelineTests {

	private static final Duration NO_TIMEOUT = Duration.ZERO;

	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

	private final FakeTransport transport = new FakeTransport();

	private final PublishPipeline pipeline = new PublishPipeline(this, this.timer, () -> "the connection",
			this.transport);

	@AfterEach
	void stopTimer() {
		this.timer.shutdownNow();
	}

	@Test
	void publishesWaitWhileDisconnectedAndLeaveInTheirOrderOnceConnected() {
		List<CompletableFuture<PublishAck>> futures = submit(5, 1);
		assertThat(this.transport.sent).isEmpty();
		assertThat(this.pipeline.buffered()).isEqualTo(5);
		this.pipeline.connected(100);
		assertThat(this.transport.payloads()).containsExactly("0", "1", "2", "3", "4");
		this.transport.acknowledgeAll();
		assertThat(futures).allSatisfy((future) -> assertThat(future).isCompleted());
		assertThat(this.pipeline.buffered()).isZero();
	}

	@Test
	void theInFlightLimitHoldsBackTheRestUntilAnAcknowledgementFreesASlot() {
		this.pipeline.setMaxInFlight(2);
		this.pipeline.connected(100);
		submit(5, 1);
		assertThat(this.transport.payloads()).containsExactly("0", "1");
		assertThat(this.pipeline.inFlight()).isEqualTo(2);
		this.transport.acknowledge(0);
		assertThat(this.transport.payloads()).containsExactly("0", "1", "2");
		assertThat(this.pipeline.limit()).isEqualTo(2);
		this.pipeline.connected(1);
		assertThat(this.pipeline.limit()).as("the broker's Receive Maximum when lower").isOne();
	}

	@Test
	void publishesInFlightWhenTheConnectionIsLostAreSentAgainFirstAndInTheirOrder() {
		this.pipeline.setMaxInFlight(3);
		this.pipeline.connected(100);
		List<CompletableFuture<PublishAck>> futures = submit(6, 1);
		assertThat(this.transport.payloads()).containsExactly("0", "1", "2");
		this.transport.acknowledge(1);
		this.pipeline.connectionLost(false, null);
		assertThat(this.pipeline.buffered()).as("2 to send again, 3 never sent").isEqualTo(5);
		this.transport.sent.clear();
		this.pipeline.connected(100);
		assertThat(this.transport.payloads()).containsExactly("0", "2", "3");
		this.transport.acknowledgeAll();
		assertThat(this.transport.payloads()).containsExactly("0", "2", "3", "4", "5");
		assertThat(futures).allSatisfy((future) -> assertThat(future).isCompleted());
	}

	@Test
	void withAPersistentSessionTheTransportKeepsQos1InFlightButQos0IsSentAgain() {
		this.pipeline.connected(100);
		CompletableFuture<PublishAck> qos1 = submit("kept", 1);
		CompletableFuture<PublishAck> qos0 = submit("again", 0);
		Sent kept = this.transport.sent.get(0);
		this.pipeline.connectionLost(true, null);
		assertThat(this.pipeline.inFlight()).isOne();
		this.transport.sent.clear();
		this.pipeline.connected(100);
		assertThat(this.transport.payloads()).containsExactly("again");
		this.transport.acknowledgeAll();
		assertThat(qos0).isCompleted();
		assertThat(qos1).isNotDone();
		// Paho answers the publish it sent again itself, with the original attempt
		this.pipeline.acknowledged(kept.publish(), kept.attempt(), new PublishAck(7, 0));
		assertThat(qos1).isCompletedWithValue(new PublishAck(7, 0));
	}

	@Test
	void anAcknowledgementThatArrivesAfterItsConnectionWasLostCompletesThePublishWithoutSendingItAgain() {
		this.pipeline.connected(100);
		CompletableFuture<PublishAck> future = submit("late", 1);
		Sent first = this.transport.sent.get(0);
		this.pipeline.connectionLost(false, null);
		this.pipeline.acknowledged(first.publish(), first.attempt(), new PublishAck(1, 0));
		assertThat(future).isCompleted();
		this.transport.sent.clear();
		this.pipeline.connected(100);
		assertThat(this.transport.sent).isEmpty();
	}

	@Test
	void anAnswerToAnEarlierAttemptIsIgnored() {
		this.pipeline.connected(100);
		CompletableFuture<PublishAck> future = submit("twice", 1);
		Sent first = this.transport.sent.get(0);
		this.pipeline.connectionLost(false, null);
		this.pipeline.connected(100);
		Sent second = this.transport.sent.get(1);
		assertThat(second.attempt()).isEqualTo(first.attempt() + 1);
		this.pipeline.failed(first.publish(), first.attempt(), new IllegalStateException("stale"));
		assertThat(future).isNotDone();
		this.pipeline.acknowledged(second.publish(), second.attempt(), new PublishAck(2, 0));
		assertThat(future).isCompletedWithValue(new PublishAck(2, 0));
	}

	@Test
	void aSendRefusedAsNotConnectedGoesBackWithoutFailingAndWaitsForTheReconnect() {
		this.pipeline.connected(100);
		this.transport.answer = SendResult.NOT_CONNECTED;
		List<CompletableFuture<PublishAck>> futures = submit(3, 1);
		assertThat(this.transport.sent).as("the first refusal stops the sending").hasSize(1);
		assertThat(futures).noneMatch(CompletableFuture::isDone);
		assertThat(this.pipeline.buffered()).isEqualTo(3);
		this.transport.answer = SendResult.SENT;
		this.transport.sent.clear();
		this.pipeline.connectionLost(false, null);
		this.pipeline.connected(100);
		assertThat(this.transport.payloads()).containsExactly("0", "1", "2");
	}

	@Test
	void aBusyTransportPausesSendingUntilTheNextAcknowledgement() {
		this.pipeline.connected(100);
		submit(1, 1);
		this.transport.answer = SendResult.BUSY;
		submit(2, 1);
		assertThat(this.transport.sent).hasSize(2);
		this.transport.answer = SendResult.SENT;
		this.transport.acknowledge(0);
		assertThat(this.transport.sent).hasSize(4);
		assertThat(this.pipeline.inFlight()).isEqualTo(2);
	}

	@Test
	void answersGivenDuringTheSendNeverNestSendsSoAHundredThousandPublishesUseABoundedStack() {
		this.transport.answerDuringSend = true;
		this.pipeline.setMaxInFlight(1);
		this.pipeline.setBufferLimits(200_000, Long.MAX_VALUE, Duration.ZERO);
		List<CompletableFuture<PublishAck>> futures = submit(100_000, 1);
		this.pipeline.connected(1);
		assertThat(futures).allSatisfy((future) -> assertThat(future).isCompleted());
		assertThat(this.transport.deepestStack).isLessThan(this.transport.firstStack + 50);
	}

	@Test
	void thePublishesBehindOneTheBrokerRefusedByDroppingTheConnectionAreSentAgain() {
		this.pipeline.connected(100);
		CompletableFuture<PublishAck> zero = submit("qos0", 0);
		CompletableFuture<PublishAck> refused = submit("too large", 1);
		CompletableFuture<PublishAck> behind = submit("behind", 1);
		Function<OutboundPublish, Throwable> blame = (publish) -> new IllegalStateException(
				"refused: " + new String(publish.payload(), StandardCharsets.UTF_8));
		this.pipeline.connectionLost(false, blame);
		assertThat(failureOf(refused)).hasMessage("refused: too large");
		assertThat(zero).isNotDone();
		assertThat(behind).isNotDone();
		this.transport.sent.clear();
		this.pipeline.connected(100);
		assertThat(this.transport.payloads()).containsExactly("qos0", "behind");
	}

	@Test
	void aPublishThatIsTheOldestInFlightAtThreeConnectionLossesIsGivenUpAndTheOthersAreSentAgain() {
		this.pipeline.connected(100);
		CompletableFuture<PublishAck> poison = submit("poison", 2);
		CompletableFuture<PublishAck> behind = submit("behind", 1);
		for (int loss = 1; loss < PublishPipeline.LOSSES_BEFORE_BLAMING_OLDEST; loss++) {
			this.pipeline.connectionLost(false, null);
			assertThat(poison).as("after loss " + loss).isNotDone();
			this.pipeline.connected(100);
		}
		this.pipeline.connectionLost(false, null);
		assertThat(failureOf(poison)).hasMessageStartingWith(
				"the connection was lost 3 times while this publish (QoS 2, 6 payload bytes) was the oldest one");
		this.transport.sent.clear();
		this.pipeline.connected(100);
		assertThat(this.transport.payloads()).containsExactly("behind");
		assertThat(behind).isNotDone();
	}

	@Test
	void aPublishThatTimesOutInTheBufferLeavesItAndFreesItsRoom() throws Exception {
		this.pipeline.setBufferLimits(1, 1000, Duration.ZERO);
		CompletableFuture<PublishAck> first = this.pipeline.submit(message("first", 1), Duration.ofMillis(100));
		assertThat(submit("refused", 1)).isCompletedExceptionally();
		assertThat(failureOf(first)).isInstanceOf(PublishRejectedException.class)
			.hasMessage("was not acknowledged within 100 ms (it waited in the outbound buffer for the connection: "
					+ "the connection)");
		assertThat(this.pipeline.buffered()).isZero();
		assertThat(submit("has room", 1)).isNotDone();
		assertThat(this.pipeline.rejected(Reason.TIMEOUT)).isOne();
		assertThat(this.pipeline.rejected(Reason.BUFFER_FULL)).isOne();
	}

	@Test
	void aPublishWithAShorterTimeOutThanThoseAheadOfItTimesOutOnTime() {
		CompletableFuture<PublishAck> patient = this.pipeline.submit(message("patient", 1), Duration.ofSeconds(30));
		CompletableFuture<PublishAck> hasty = this.pipeline.submit(message("hasty", 1), Duration.ofMillis(100));
		assertThat(failureOf(hasty)).hasMessageStartingWith("was not acknowledged within 100 ms");
		assertThat(patient).isNotDone();
		assertThat(this.pipeline.buffered()).isOne();
	}

	@Test
	void aPublishThatTimesOutInFlightKeepsItsSlotUntilTheTransportAnswers() {
		this.pipeline.setMaxInFlight(1);
		this.pipeline.connected(100);
		CompletableFuture<PublishAck> slow = this.pipeline.submit(message("slow", 1), Duration.ofMillis(50));
		assertThat(failureOf(slow)).hasMessage("was not acknowledged within 50 ms (the broker did not answer)");
		submit("next", 1);
		assertThat(this.transport.payloads()).containsExactly("slow");
		this.transport.acknowledge(0);
		assertThat(this.transport.payloads()).containsExactly("slow", "next");
	}

	@Test
	void aFullBufferFailsAtOnceOnAThreadThatReceivesForTheClient() {
		this.pipeline.setBufferLimits(1, 1000, Duration.ofSeconds(30));
		submit("fills it", 1);
		ClientThreads.markReceiving(this);
		try {
			long start = System.nanoTime();
			CompletableFuture<PublishAck> refused = submit("refused", 1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertThat(failureOf(refused)).isInstanceOf(PublishRejectedException.class)
				.hasMessageContaining("this publish was made on a thread that receives for the same MQTT connection");
		}
		finally {
			ClientThreads.markReceiving(null);
		}
	}

	@Test
	void aCallerWaitingForRoomIsAdmittedAsSoonAsAPublishLeavesTheBuffer() throws Exception {
		this.pipeline.setBufferLimits(1, 1000, Duration.ofSeconds(30));
		submit("fills it", 1);
		CompletableFuture<CompletableFuture<PublishAck>> waiting = CompletableFuture
			.supplyAsync(() -> submit("waits", 1));
		Thread.sleep(200);
		assertThat(waiting).isNotDone();
		this.pipeline.connected(100);
		CompletableFuture<PublishAck> admitted = waiting.get(5, TimeUnit.SECONDS);
		assertThat(admitted).isNotDone();
		assertThat(this.transport.payloads()).containsExactly("fills it", "waits");
	}

	@Test
	void aMessageLargerThanTheWholeBufferFailsAtOnce() {
		this.pipeline.setBufferLimits(10, 100, Duration.ofSeconds(30));
		CompletableFuture<PublishAck> large = submit("x".repeat(200), 1);
		assertThat(failureOf(large)).hasMessage("the message takes 210 bytes (payload and topic) but the outbound "
				+ "buffer holds at most 100 bytes (mqtt.template.buffer.max-bytes)");
	}

	@Test
	void stoppingRefusesNewPublishesAndWakesWaitingCallersAndFailsWhatIsLeft() throws Exception {
		this.pipeline.setBufferLimits(1, 1000, Duration.ofSeconds(30));
		CompletableFuture<PublishAck> buffered = submit("buffered", 1);
		CompletableFuture<CompletableFuture<PublishAck>> waiting = CompletableFuture
			.supplyAsync(() -> submit("waits", 1));
		Thread.sleep(200);
		this.pipeline.stopAccepting();
		assertThat(failureOf(waiting.get(5, TimeUnit.SECONDS)))
			.hasMessage("the MQTT client stopped while the publish waited for room in the outbound buffer");
		assertThat(failureOf(submit("late", 1)))
			.hasMessage("the MQTT client is stopping and takes no more publishes");
		this.pipeline.failAll("stopped before it was acknowledged");
		assertThat(failureOf(buffered)).hasMessage("stopped before it was acknowledged");
		assertThat(this.pipeline.rejected(Reason.STOPPING)).isEqualTo(3);
	}

	private static Throwable failureOf(CompletableFuture<?> future) {
		assertThat(future).failsWithin(Duration.ofSeconds(5));
		try {
			future.join();
			throw new AssertionError("not failed");
		}
		catch (CompletionException ex) {
			return ex.getCause();
		}
	}

	private List<CompletableFuture<PublishAck>> submit(int count, int qos) {
		List<CompletableFuture<PublishAck>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			futures.add(submit(String.valueOf(i), qos));
		}
		return futures;
	}

	private CompletableFuture<PublishAck> submit(String payload, int qos) {
		return this.pipeline.submit(message(payload, qos), NO_TIMEOUT);
	}

	private static OutboundPublish message(String payload, int qos) {
		return new OutboundPublish("t/pipeline", payload.getBytes(StandardCharsets.UTF_8), qos, false);
	}

	private record Sent(PendingPublish publish, int attempt) {
	}

	private final class FakeTransport implements PublishPipeline.Sender {

		final List<Sent> sent = new CopyOnWriteArrayList<>();

		volatile SendResult answer = SendResult.SENT;

		boolean answerDuringSend;

		int firstStack;

		int deepestStack;

		@Override
		public SendResult send(PendingPublish publish, int attempt) {
			this.sent.add(new Sent(publish, attempt));
			if (this.answerDuringSend) {
				int depth = Thread.currentThread().getStackTrace().length;
				this.firstStack = (this.firstStack == 0) ? depth : this.firstStack;
				this.deepestStack = Math.max(this.deepestStack, depth);
				PublishPipelineTests.this.pipeline.acknowledged(publish, attempt, PublishAck.WRITTEN);
			}
			return this.answer;
		}

		List<String> payloads() {
			return this.sent.stream()
				.map((sent) -> new String(sent.publish().message().payload(), StandardCharsets.UTF_8))
				.toList();
		}

		void acknowledge(int index) {
			Sent sent = this.sent.get(index);
			PublishPipelineTests.this.pipeline.acknowledged(sent.publish(), sent.attempt(),
					new PublishAck(index + 1, 0));
		}

		void acknowledgeAll() {
			for (int i = 0; i < this.sent.size(); i++) {
				acknowledge(i);
			}
		}

	}

}
