package io.presence.service.http;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether an {@code Accept} header admits a media type (RFC 9110 §12.5.1): the most specific range
 * that matches decides, and its {@code q=0} means "not acceptable". Jersey's own negotiation treats a
 * type with {@code q=0} as acceptable, which would answer {@code Accept: application/json;q=0} with JSON.
 */
public final class MediaRanges {

    /** RFC 9110's {@code type "/" subtype}, each a token. */
    private static final Pattern RANGE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private MediaRanges() {
    }

    /**
     * The first element of an {@code Accept} header that is not a media range with a valid {@code q},
     * if any. Empty list elements are allowed (RFC 9110 §5.6.1). Jersey refuses such headers with a
     * 400 itself; this lets a servlet outside Jersey do the same.
     */
    public static Optional<String> malformedElement(String accept) {
        if (accept == null) {
            return Optional.empty();
        }
        for (String element : accept.split(",")) {
            String[] parts = element.split(";", -1);
            if (!element.isBlank() && (!RANGE.matcher(parts[0].trim()).matches() || Double.isNaN(quality(parts)))) {
                return Optional.of(element.trim());
            }
        }
        return Optional.empty();
    }

    /** No header (or a blank one) admits everything; ranges that do not parse are skipped. */
    public static boolean admits(String accept, String type, String subtype) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        int bestSpecificity = -1;
        double bestQuality = 0;
        for (String element : accept.split(",")) {
            String[] parts = element.split(";", -1);
            int specificity = specificity(parts[0].trim().toLowerCase(Locale.ROOT), type, subtype);
            double quality = quality(parts);
            if (specificity < 0 || Double.isNaN(quality)) {
                continue;
            }
            if (specificity > bestSpecificity || (specificity == bestSpecificity && quality > bestQuality)) {
                bestSpecificity = specificity;
                bestQuality = quality;
            }
        }
        return bestSpecificity >= 0 && bestQuality > 0;
    }

    /** 2 for {@code type/subtype}, 1 for {@code type/*}, 0 for {@code *}{@code /*}, -1 when the range does not match. */
    private static int specificity(String range, String type, String subtype) {
        int slash = range.indexOf('/');
        if (slash < 0) {
            return -1;
        }
        String rangeType = range.substring(0, slash).trim();
        String rangeSubtype = range.substring(slash + 1).trim();
        if (rangeType.equals("*")) {
            return rangeSubtype.equals("*") ? 0 : -1;
        }
        if (!rangeType.equals(type)) {
            return -1;
        }
        return rangeSubtype.equals("*") ? 1 : rangeSubtype.equals(subtype) ? 2 : -1;
    }

    /** The range's {@code q} (1 when absent), or NaN when it is not a number from 0 to 1. */
    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(parameter.substring(equals + 1).trim());
                    return q >= 0 && q <= 1 ? q : Double.NaN;
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return 1;
    }
}
