package dev.stratus.cloudwatch;

import dev.stratus.cloudwatch.MetricStore.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistics of the samples in one period: SampleCount, Sum, Minimum, Maximum, Average, and percentiles
 * ({@code p99}, {@code p99.9}) from the raw values the samples carried.
 */
final class Statistics {
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,10})?|100)");

    private final double count;
    private final double sum;
    private final double min;
    private final double max;
    /** Raw values with their counts, sorted by value; null when some sample had only a statistic set. */
    private final List<double[]> values;

    Statistics(List<Sample> samples) {
        double n = 0;
        double s = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<double[]> raw = new ArrayList<>();
        boolean complete = true;
        for (Sample sample : samples) {
            n += sample.count();
            s += sample.sum();
            lo = Math.min(lo, sample.min());
            hi = Math.max(hi, sample.max());
            if (sample.values() == null) {
                complete = false;
            } else {
                for (int i = 0; i < sample.values().length; i++) {
                    raw.add(new double[] {sample.values()[i], sample.counts()[i]});
                }
            }
        }
        raw.sort(Comparator.comparingDouble(v -> v[0]));
        this.count = n;
        this.sum = s;
        this.min = lo;
        this.max = hi;
        this.values = complete ? raw : null;
    }

    /** Whether {@code name} is an extended statistic Stratus computes (percentiles). */
    static boolean isPercentile(String name) {
        return PERCENTILE.matcher(name).matches();
    }

    /** Whether {@code name} is a statistic Stratus can compute at all (GetMetricData's Stat). */
    static boolean isKnown(String name) {
        return switch (name) {
            case "SampleCount", "Sum", "Minimum", "Maximum", "Average" -> true;
            default -> isPercentile(name);
        };
    }

    /** The named statistic, or null when it cannot be computed (a percentile of statistic sets). */
    Double get(String name) {
        return switch (name) {
            case "SampleCount" -> count;
            case "Sum" -> sum;
            case "Minimum" -> min;
            case "Maximum" -> max;
            case "Average" -> count == 0 ? 0 : sum / count;
            default -> percentile(name);
        };
    }

    /** Nearest-rank percentile over the raw values, weighted by their counts. */
    private Double percentile(String name) {
        Matcher m = PERCENTILE.matcher(name);
        if (!m.matches() || values == null || values.isEmpty()) {
            return null;
        }
        double p = Double.parseDouble(m.group(1));
        double total = 0;
        for (double[] v : values) {
            total += v[1];
        }
        double rank = Math.max(1, Math.ceil(p / 100 * total));
        double seen = 0;
        for (double[] v : values) {
            seen += v[1];
            if (seen >= rank) {
                return v[0];
            }
        }
        return values.get(values.size() - 1)[0];
    }
}
