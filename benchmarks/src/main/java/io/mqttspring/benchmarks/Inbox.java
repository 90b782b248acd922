package io.mqttspring.benchmarks;

/**
 * Where an implementation's listeners hand messages to: the recorder of the current run.
 * Subscriptions outlive runs, so the listeners look the recorder up per message.
 */
public final class Inbox {

	private volatile Recorder recorder;

	public void setRecorder(Recorder recorder) {
		this.recorder = recorder;
	}

	public void received(byte[] payload) {
		Recorder current = this.recorder;
		if (current != null) {
			current.received(payload);
		}
	}

	public void received(Reading reading) {
		Recorder current = this.recorder;
		if (current != null) {
			current.received(reading);
		}
	}

	public void publishFailed() {
		Recorder current = this.recorder;
		if (current != null) {
			current.publishFailed();
		}
	}

}
