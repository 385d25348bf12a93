package io.presence.cli;

import io.presence.client.PresenceClient;
import io.presence.client.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code presence bench}: load-tests a node with a read/write mix and reports throughput, latency and errors. */
@Command(name = "bench", description = {"Load-test a node with a read/write mix, like nats bench.",
        "Reads (GET) and writes (PUT online with a TTL) of users bench-0 .. bench-<users-1>, as fast as "
                + "--concurrency allows or at --rate; prints requests, throughput, latency p50/p90/p99/max per "
                + "operation, and errors."},
        footer = {"", "Examples:",
                "  presence bench --token-file admin.jwt         # 10s, 90%% reads, 16 in flight",
                "  presence bench --duration 30s --warmup 5s --rate 500 --token-file admin.jwt",
                "  presence bench --read-ratio 1 --users 100 -o json | jq .throughput",
                "",
                "Writes need a token that may write any user (scope presence:admin). With a token every user is "
                        + "written once before the run (unless --no-seed), so reads find them; a read of a missing "
                        + "user counts as not found, not as an error.",
                "Requests are not retried: every failure counts. The node does not rate-limit a presence:admin "
                        + "token (nor reads with presence:read); without a token, reads are limited per client "
                        + "address as any client's (rateLimit.enabled: false turns limits off on a test node).",
                "Exit codes: 0 no request failed, 1 some failed, 2 usage (e.g. writes without a token)."})
final class BenchCommand extends BaseCommand {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.DurationConverter.class,
            description = "How long to measure (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "0s",
            converter = Converters.DurationConverter.class,
            description = "Send the mix this long first, unmeasured (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--users", paramLabel = "N", defaultValue = "1000",
            description = "User pool: ids bench-0 .. bench-<N-1> (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--read-ratio", paramLabel = "RATIO", defaultValue = "0.9",
            description = "Share of reads, 0 to 1; the rest are writes (default ${DEFAULT-VALUE}).")
    double readRatio;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Most requests in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Target requests per second in all, sent on schedule; 0 for as fast as possible "
                    + "(default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--no-seed", description = "Do not write the users before the run.")
    boolean noSeed;

    @Override
    int execute() throws IOException, InterruptedException {
        BenchPlan plan;
        try {
            plan = new BenchPlan(duration, warmup, users, readRatio, concurrency, rate);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Optional<String> token = connection.bearer();
        if (plan.writes() && token.isEmpty()) {
            throw usage("a --read-ratio below 1 writes, and writes need a token: pass --token, --token-file or "
                    + "PRESENCE_TOKEN (scope presence:admin), or use --read-ratio 1");
        }
        OkHttpClient http = http(plan.concurrency());
        // No retries, so every failure counts; no remembered ETags, so every read is a full GET.
        try (PresenceClient client = PresenceClient.create(connection.options()
                .retryPolicy(RetryPolicy.NONE).etagCacheSize(0).httpClient(http).build())) {
            return run(plan, LoadGenerator.system(plan, new SdkBenchTarget(client)), token.isPresent() && !noSeed);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private int run(BenchPlan plan, LoadGenerator generator, boolean seed) throws InterruptedException {
        if (seed) {
            progress("seeding " + plan.users() + " users");
            Optional<Throwable> failure = generator.seed();
            if (failure.isPresent()) {
                err().println("presence: bench: seeding the users failed, nothing was measured");
                return Errors.report(failure.get(), err(), verbose);
            }
        } else {
            progress("users not seeded: reads of users never written count as not found");
        }
        if (!plan.warmup().isZero()) {
            progress("warming up for " + Converters.human(plan.warmup()));
            generator.run(plan.warmup());
        }
        progress("measuring for " + Converters.human(plan.duration()));
        BenchResult result = BenchResult.of(plan, generator.run(plan.duration()));
        if (output.json()) {
            out().println(CliJson.pretty(result));
        } else {
            BenchReport.print(result, out());
        }
        return result.errors() == 0 ? ExitCode.OK : ExitCode.ERROR;
    }

    private void progress(String message) {
        err().println("presence: bench: " + message + " ...");
        err().flush();
    }

    /** OkHttp queues beyond 5 requests per host by default; the bench's in-flight limit must be the only one. */
    private static OkHttpClient http(int concurrency) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Math.max(concurrency, dispatcher.getMaxRequests()));
        dispatcher.setMaxRequestsPerHost(concurrency);
        return new OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(concurrency, 1, TimeUnit.MINUTES)).build();
    }
}
