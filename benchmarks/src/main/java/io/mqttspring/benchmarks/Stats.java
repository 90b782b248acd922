package io.mqttspring.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Percentiles and medians.
 */
public final class Stats {

	private Stats() {
	}

	/**
	 * The nearest-rank percentile of sorted nanosecond values, in milliseconds.
	 * @param sortedNanos values in ascending order
	 * @param percentile 0 to 100
	 * @return the percentile, or 0 for no values
	 */
	public static double percentileMillis(long[] sortedNanos, double percentile) {
		if (sortedNanos.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(percentile / 100 * sortedNanos.length);
		return sortedNanos[Math.max(0, Math.min(sortedNanos.length, rank) - 1)] / 1e6;
	}

	/**
	 * The nearest-rank percentile of values.
	 * @param values the values, in any order
	 * @param percentile 0 to 100
	 * @return the percentile, or 0 for no values
	 */
	public static double percentile(List<Double> values, double percentile) {
		if (values.isEmpty()) {
			return 0;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percentile / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
	}

	/**
	 * The median; for an even count, the mean of the two middle values.
	 * @param values the values
	 * @return the median, or 0 for no values
	 */
	public static double median(List<Double> values) {
		if (values.isEmpty()) {
			return 0;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
