package io.mqttspring.connection;

/**
 * A doubly linked queue of {@link PendingPublish}es through their own links, so that a
 * publish that times out leaves it at once, wherever it is, and its room is free again.
 * It counts its messages and their bytes, and knows whether their deadlines are in the
 * queue's order (they are while every publish has the same time-out, as a template's do),
 * so that a check for expired publishes can stop at the first one that is not. Not
 * thread-safe: the pipeline's lock guards it.
 */
final class PendingPublishQueue {

	private PendingPublish head;

	private PendingPublish tail;

	private int size;

	private long bytes;

	private boolean deadlinesInOrder = true;

	void addLast(PendingPublish publish) {
		publish.previous = this.tail;
		publish.next = null;
		if (this.tail == null) {
			this.head = publish;
		}
		else {
			this.tail.next = publish;
		}
		this.tail = publish;
		added(publish);
	}

	/**
	 * Whether every publish's deadline comes no later than the deadline of the publishes
	 * behind it.
	 * @return whether the deadlines are in order
	 */
	boolean deadlinesInOrder() {
		return this.deadlinesInOrder;
	}

	/**
	 * Insert in the order of the sequence numbers, searching from the tail: publishes that
	 * go back to be sent again mostly come in order.
	 */
	void addInSequence(PendingPublish publish) {
		PendingPublish before = this.tail;
		while (before != null && before.sequence > publish.sequence) {
			before = before.previous;
		}
		PendingPublish after = (before != null) ? before.next : this.head;
		publish.previous = before;
		publish.next = after;
		if (before == null) {
			this.head = publish;
		}
		else {
			before.next = publish;
		}
		if (after == null) {
			this.tail = publish;
		}
		else {
			after.previous = publish;
		}
		added(publish);
	}

	private void added(PendingPublish publish) {
		this.size++;
		this.bytes += publish.size;
		if (publish.timeoutMillis <= 0 || !inOrder(publish.previous, publish) || !inOrder(publish, publish.next)) {
			this.deadlinesInOrder = false;
		}
	}

	private static boolean inOrder(PendingPublish earlier, PendingPublish later) {
		return earlier == null || later == null || later.deadline - earlier.deadline >= 0;
	}

	PendingPublish peekFirst() {
		return this.head;
	}

	PendingPublish pollFirst() {
		PendingPublish first = this.head;
		if (first != null) {
			remove(first);
		}
		return first;
	}

	void remove(PendingPublish publish) {
		if (publish.previous == null) {
			this.head = publish.next;
		}
		else {
			publish.previous.next = publish.next;
		}
		if (publish.next == null) {
			this.tail = publish.previous;
		}
		else {
			publish.next.previous = publish.previous;
		}
		publish.previous = null;
		publish.next = null;
		this.size--;
		this.bytes -= publish.size;
		if (this.head == null) {
			this.deadlinesInOrder = true;
		}
	}

	boolean isEmpty() {
		return this.head == null;
	}

	int size() {
		return this.size;
	}

	long bytes() {
		return this.bytes;
	}

}
