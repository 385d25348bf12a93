package io.presence.cli;

import io.presence.api.Presence;
import io.presence.client.PresenceApiException;
import io.presence.client.PresenceClient;
import io.presence.client.PresenceException;
import io.presence.client.PresenceListener;
import io.presence.client.PresenceWatch;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code presence watch USER...}: follows changes until Ctrl-C. */
@Command(name = "watch", description = {"Stream users' presence changes until Ctrl-C.",
        "First the current presence, then one line per change (one JSON object per line with -o json).",
        "Users with no presence yet are named on stderr once the stream is open."},
        footer = {"", "Examples:",
                "  presence watch alice bob",
                "  presence watch alice -o json | jq .status",
                "  presence watch alice --count 1    # alice's current presence, then exit",
                "  presence watch alice --count 2    # ... and her next change",
                "", "Output: <updatedAt> <user> <status> [\"message\"]",
                "Once the stream is open it reconnects by itself, for as long as it runs, with backoff (resuming "
                        + "after the last event); --retries only limits the attempts to open it the first time "
                        + "(then exit 5). Exits 4 if the token is rejected, 0 once stdout is closed."})
final class WatchCommand extends ClientCommand {

    private static final Object STOP = new Object();
    /** The stream opened (the SDK's onConnected), queued in order with the presences and errors. */
    private static final Object OPENED = new Object();

    @Parameters(arity = "1..*", paramLabel = "USER", description = "User ids.")
    List<String> users;

    @Option(names = {"-n", "--count"}, paramLabel = "N",
            description = "Exit after N events, the current presences included (default: run until Ctrl-C).")
    Integer count;

    @Override
    int execute(PresenceClient client) throws InterruptedException {
        if (count != null && count < 1) {
            throw usage("--count must be at least 1 (was " + count + "); leave it out to run until Ctrl-C");
        }
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        CountDownLatch finished = new CountDownLatch(1);
        Thread ctrlC = new Thread(() -> {
            events.add(STOP);
            try {
                finished.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "presence-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(ctrlC);
        try (PresenceWatch watch = client.watch(users, new PresenceListener() {
            @Override
            public void onPresence(Presence presence) {
                events.add(presence);
            }

            @Override
            public void onError(PresenceException error) {
                events.add(error);
            }

            @Override
            public void onConnected() {
                events.add(OPENED);
            }

            @Override
            public void onDisconnected(PresenceException cause) {
                events.add(cause); // reported as a failure, and the SDK reconnects
            }

            @Override
            public void onGap(long lastEventId) {
                events.add(new Gap(lastEventId));
            }
        })) {
            return loop(events, watch, client);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(ctrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
    }

    private int loop(BlockingQueue<Object> events, PresenceWatch watch, PresenceClient client)
            throws InterruptedException {
        int seen = 0;
        boolean opened = false;
        int failedOpens = 0;
        while (true) {
            Object event = events.take();
            if (event == STOP) {
                return ExitCode.OK;
            }
            if (event == OPENED && !opened) {
                opened = true;
                sayWhoHasNoPresenceYet(client);
            }
            if (event instanceof Gap gap) {
                err().println("presence: watch: the node could not resume after event " + gap.lastEventId()
                        + "; changes since may be missing, the current presences follow");
                err().flush();
            }
            if (event instanceof Presence presence) {
                out().println(output.json() ? CliJson.line(presence) : line(presence));
                if (out().checkError()) {
                    return ExitCode.OK; // stdout is closed (| head -1): nobody reads on, so stop, as cat would
                }
                if (count != null && ++seen >= count) {
                    return ExitCode.OK;
                }
            } else if (event instanceof PresenceException error) {
                // A node that never answered (a wrong --url, a node that is down) is an error to report,
                // not a reason to wait for ever: only a watch that was open once reconnects without end.
                if (watch.isClosed() || fatal(error) || !opened && ++failedOpens >= retries) {
                    throw error; // reported as every command's errors are (ClientCommand adds to a 401)
                }
                err().println("presence: watch: " + TerminalText.safe(Errors.describe(error)) + " (reconnecting)");
                err().flush();
            }
        }
    }

    /**
     * The stream sends the current presence of those who have one, and nothing for the others: without a word,
     * a watch of a user never seen looked hung. Asked once the stream is open; a failed look-up says nothing.
     */
    private void sayWhoHasNoPresenceYet(PresenceClient client) {
        List<String> none;
        try {
            none = client.getMany(users).notFound();
        } catch (PresenceException e) {
            return;
        }
        if (!none.isEmpty()) {
            err().println("presence: watch: no presence yet for " + TerminalText.safe(String.join(", ", none))
                    + "; their changes will follow");
            err().flush();
        }
    }

    /** The SDK's onGap: the node started the stream over. */
    private record Gap(long lastEventId) {
    }

    /** 4xx other than 429 does not heal: the SDK stops the watch. */
    private static boolean fatal(PresenceException error) {
        return error instanceof PresenceApiException api && api.status() >= 400 && api.status() < 500
                && api.status() != 429;
    }

    static String line(Presence p) {
        return p.updatedAt() + " " + TerminalText.safe(p.userId()) + " " + p.status().wireName()
                + (p.message() == null ? "" : " \"" + TerminalText.safe(p.message()) + "\"");
    }

    @Override
    boolean stopsWhenOutputCloses() {
        return true;
    }
}
