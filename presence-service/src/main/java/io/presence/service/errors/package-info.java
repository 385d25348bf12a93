/**
 * Every HTTP error as one JSON shape, {@code {"code","message","details"}}: failures become a
 * {@link io.presence.service.errors.Problem} in {@link io.presence.service.errors.Problems} (the one place
 * that logs server faults, with an error id) and are sent by {@link io.presence.service.errors.ProblemWriter}.
 */
package io.presence.service.errors;
