package io.mqttspring.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.mqttspring.benchmarks.integration.SpringIntegrationBenchmarkApplication;
import io.mqttspring.benchmarks.raw.NoDelaySocketFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Started in a fresh JVM per measurement: starts one variant of the application, and
 * prints {@code STARTUP_MS=<n>}, the time from the JVM's start to the first connection to
 * the broker. Arguments: the variant ({@code starter}, {@code spring-integration},
 * {@code raw-paho}), the broker's URI and a client id.
 */
public final class StartupProbe {

	/** The line prefix the harness reads. */
	public static final String OUTPUT_PREFIX = "STARTUP_MS=";

	/** Where the time went: JVM start to main, and to the end of the context's refresh. */
	public static final String DETAIL_PREFIX = "DETAIL ";

	private StartupProbe() {
	}

	public static void main(String[] args) throws Exception {
		String variant = args[0];
		String serverUri = args[1];
		String clientId = args[2];
		long mainAt = System.currentTimeMillis();
		CountDownLatch connected = new CountDownLatch(1);
		long[] connectedAt = new long[1];
		Runnable onConnected = () -> {
			connectedAt[0] = System.currentTimeMillis();
			connected.countDown();
		};
		ConfigurableApplicationContext context = null;
		switch (variant) {
			case "starter" -> {
				StarterStartupApplication.onConnected = onConnected;
				context = application(StarterStartupApplication.class, "mqtt.server-uris=" + serverUri,
						"mqtt.client-id=" + clientId);
			}
			case "spring-integration" -> {
				IntegrationStartupApplication.onConnected = onConnected;
				context = application(IntegrationStartupApplication.class,
						SpringIntegrationBenchmarkApplication.EXCLUDE_STARTER, "bench.server-uri=" + serverUri,
						"bench.client-id=" + clientId);
			}
			case "raw-paho" -> {
				MqttAsyncClient client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
				MqttConnectionOptions options = new MqttConnectionOptions();
				options.setSocketFactory(new NoDelaySocketFactory());
				client.connect(options).waitForCompletion(30_000);
				onConnected.run();
			}
			default -> throw new IllegalArgumentException("Unknown variant " + variant);
		}
		long refreshedAt = System.currentTimeMillis();
		if (!connected.await(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException(variant + " did not connect within 60 s");
		}
		long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
		System.out.println(DETAIL_PREFIX + "main=" + (mainAt - jvmStart) + "ms run-returned=" + (refreshedAt - jvmStart)
				+ "ms classes=" + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
		System.out.println(OUTPUT_PREFIX + (connectedAt[0] - jvmStart));
		System.out.flush();
		if (context != null) {
			context.close();
		}
		System.exit(0);
	}

	private static ConfigurableApplicationContext application(Class<?> source, String... properties) {
		return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.properties(properties)
			.properties("logging.level.root=WARN")
			.run();
	}

}
