package io.mqttspring.connection;

import java.util.concurrent.ThreadFactory;

/**
 * Tells which threads receive for a client: its transport's threads, which deliver
 * messages and acknowledgements, and its listeners' threads, for which the delivering
 * thread waits when their queues are full. Such a thread must never wait for room in
 * the client's outbound buffer, since the room is freed by acknowledgements that the
 * same thread, directly or through a full listener queue, would have to deliver.
 */
final class ClientThreads {

	private static final ThreadLocal<Object> RECEIVING_FOR = new ThreadLocal<>();

	private ClientThreads() {
	}

	/**
	 * Mark the current thread as receiving for the client; transports' callbacks call it
	 * on every entry, since their threads are not ours to create.
	 * @param client the client
	 */
	static void markReceiving(Object client) {
		if (RECEIVING_FOR.get() != client) {
			RECEIVING_FOR.set(client);
		}
	}

	/**
	 * Whether the current thread receives for the client.
	 * @param client the client
	 * @return whether it must not wait for the client's acknowledgements
	 */
	static boolean isReceiving(Object client) {
		return RECEIVING_FOR.get() == client;
	}

	/**
	 * A factory of daemon threads that receive for the client.
	 * @param client the client
	 * @param name the name of the threads
	 * @return the thread factory
	 */
	static ThreadFactory receivingThreads(Object client, String name) {
		return (runnable) -> {
			Thread thread = new Thread(() -> {
				markReceiving(client);
				runnable.run();
			}, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
