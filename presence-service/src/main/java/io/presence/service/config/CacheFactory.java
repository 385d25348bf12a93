package io.presence.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/**
 * The {@code cache:} section. Caffeine bounds entries by count; Ristretto-style knobs
 * ({@code max_cost}, {@code num_counters}, {@code buffer_items}) have no equivalent here.
 */
public class CacheFactory {

    @Min(1)
    private long maximumSize = 1_000_000;

    @JsonProperty
    public long getMaximumSize() {
        return maximumSize;
    }

    @JsonProperty
    public void setMaximumSize(long maximumSize) {
        this.maximumSize = maximumSize;
    }
}
