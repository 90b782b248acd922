package io.mqttspring.benchmarks.soak;

import java.util.List;
import java.util.Locale;

import io.mqttspring.benchmarks.Stats;

/**
 * How a series of samples spread over a run: first and last (the trend), minimum, median
 * and maximum.
 *
 * @param count the number of values
 * @param first the first value
 * @param last the last value
 * @param min the smallest
 * @param median the median
 * @param max the largest
 */
public record Spread(int count, double first, double last, double min, double median, double max) {

	/**
	 * The spread of values in the order they were taken.
	 * @param values the values
	 * @return the spread, all zero for no values
	 */
	public static Spread of(List<Double> values) {
		if (values.isEmpty()) {
			return new Spread(0, 0, 0, 0, 0, 0);
		}
		double min = Double.MAX_VALUE;
		double max = -Double.MAX_VALUE;
		for (double value : values) {
			min = Math.min(min, value);
			max = Math.max(max, value);
		}
		return new Spread(values.size(), values.get(0), values.get(values.size() - 1), min, Stats.median(values),
				max);
	}

	/**
	 * The figures as {@code name=value} pairs.
	 * @param format the format of one value, such as {@code %.1f}
	 * @return the pairs
	 */
	public String format(String format) {
		return String.format(Locale.ROOT,
				"samples=%d first=" + format + " last=" + format + " min=" + format + " median=" + format + " max="
						+ format,
				this.count, this.first, this.last, this.min, this.median, this.max);
	}

}
