package io.mqttspring.connection;

/**
 * A doubly linked queue of {@link PendingPublish}es through their own links, so that a
 * publish that times out leaves it at once, wherever it is, and its room is free again.
 * It counts its messages and their bytes. Not thread-safe: the pipeline's lock guards it.
 */
final class PendingPublishQueue {

	private PendingPublish head;

	private PendingPublish tail;

	private int size;

	private long bytes;

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
