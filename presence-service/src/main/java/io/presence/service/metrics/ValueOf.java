package io.presence.service.metrics;

import com.codahale.metrics.Gauge;
import java.util.function.Supplier;

/**
 * A gauge read from where the value is kept. A named class rather than a lambda: the Prometheus bridge puts the
 * gauge's class name in its {@code # HELP} line, and a lambda's ({@code Storage$$Lambda$959/0x...}) differs between
 * nodes and on every restart.
 */
public final class ValueOf<T> implements Gauge<T> {

    private final Supplier<T> value;

    public ValueOf(Supplier<T> value) {
        this.value = value;
    }

    @Override
    public T getValue() {
        return value.get();
    }
}
