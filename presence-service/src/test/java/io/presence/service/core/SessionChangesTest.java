package io.presence.service.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.presence.api.PresenceStatus;
import io.presence.api.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a session's write and a sign-out make of the user's record. */
class SessionChangesTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private static SessionWrite write(String session, PresenceStatus status, int atSecond) {
        return write(session, status, atSecond, null, null);
    }

    private static SessionWrite write(String session, PresenceStatus status, int atSecond, Visibility visibility,
                                      Boolean shareLastSeen) {
        return new SessionWrite("u", session, status, session + " msg", status == PresenceStatus.OFFLINE ? 0 : 60,
                visibility, shareLastSeen, T0.plusSeconds(atSecond), "n1", 3);
    }

    /** A write of {@code session} online saying {@code message}; {@code shareLastSeen} false hides lastSeen. */
    private static SessionWrite says(String session, String message, int atSecond, Boolean shareLastSeen) {
        return new SessionWrite("u", session, PresenceStatus.ONLINE, message, 60, null, shareLastSeen,
                T0.plusSeconds(atSecond), "n1", 3);
    }

    private static PresenceRecord apply(PresenceChange change, PresenceRecord current) {
        return change.applyTo(Optional.ofNullable(current)).withRevision(current == null ? 1 : current.revision() + 1);
    }

    @Test
    void theDefaultSessionAloneIsStoredAsBeforeSessions() {
        PresenceRecord record = apply(write("default", PresenceStatus.ONLINE, 0), null);

        assertThat(record.sessions()).isEmpty();
        assertThat(record.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(record.expiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(record.ttlSeconds()).isEqualTo(60);
    }

    @Test
    void aNamedSessionJoinsTheDefaultOneAndAnOfflineWriteEndsOnlyItsOwn() {
        PresenceRecord one = apply(write("default", PresenceStatus.AWAY, 0), null);
        PresenceRecord two = apply(write("phone", PresenceStatus.BUSY, 1), one);
        assertThat(two.sessions()).extracting(SessionState::sessionId).containsExactlyInAnyOrder("default", "phone");
        assertThat(two.status()).isEqualTo(PresenceStatus.BUSY);

        PresenceRecord back = apply(write("phone", PresenceStatus.OFFLINE, 2), two);
        assertThat(back.sessions()).as("the single-session form again").isEmpty();
        assertThat(back.status()).isEqualTo(PresenceStatus.AWAY);
        assertThat(back.lastSeen()).isEqualTo(T0.plusSeconds(2));

        PresenceRecord off = apply(write("default", PresenceStatus.OFFLINE, 3), back);
        assertThat(off.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(off.message()).isEqualTo("default msg");
        assertThat(off.expiresAt()).isNull();
        assertThat(off.sessionCount()).isZero();
    }

    @Test
    void lapsedSessionsAreDroppedByTheNextWrite() {
        PresenceRecord phone = apply(write("phone", PresenceStatus.BUSY, 0), null);
        PresenceRecord laterLaptop = apply(write("laptop", PresenceStatus.AWAY, 61), phone);

        assertThat(laterLaptop.sessions()).extracting(SessionState::sessionId).containsExactly("laptop");
        assertThat(laterLaptop.status()).isEqualTo(PresenceStatus.AWAY);
    }

    @Test
    void aSessionBeyondTheLimitIsRefusedAndAKnownOneStillWrites() {
        PresenceRecord record = null;
        for (String id : new String[] {"a", "b", "c"}) {
            record = apply(write(id, PresenceStatus.ONLINE, 0), record);
        }
        PresenceRecord full = record;

        assertThatThrownBy(() -> write("d", PresenceStatus.ONLINE, 1).applyTo(Optional.of(full)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("3 live sessions");
        assertThat(apply(write("b", PresenceStatus.BUSY, 1), full).status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(apply(write("d", PresenceStatus.OFFLINE, 1), full).sessionCount()).isEqualTo(3);
    }

    @Test
    void privacySettingsAreKeptUntilAWriteNamesThem() {
        PresenceRecord hidden = apply(write("phone", PresenceStatus.ONLINE, 5, Visibility.INVISIBLE, false), null);
        assertThat(hidden.invisibleSince()).isEqualTo(T0.plusSeconds(5));
        assertThat(hidden.hideLastSeen()).isTrue();

        PresenceRecord still = apply(write("laptop", PresenceStatus.ONLINE, 9, Visibility.INVISIBLE, null), hidden);
        assertThat(still.invisibleSince()).as("since the first").isEqualTo(T0.plusSeconds(5));
        assertThat(still.hideLastSeen()).isTrue();
        PresenceRecord kept = apply(write("laptop", PresenceStatus.OFFLINE, 10), still);
        assertThat(kept.invisible()).isTrue();

        PresenceRecord shown = apply(write("phone", PresenceStatus.ONLINE, 11, Visibility.VISIBLE, true), kept);
        assertThat(shown.invisible()).isFalse();
        assertThat(shown.hideLastSeen()).isFalse();
    }

    /** Everyone else reads an invisible user at the revision of the write that hid them, whatever they write since. */
    @Test
    void theRevisionOthersReadStaysThatOfTheWriteThatHidTheUser() {
        PresenceRecord visible = apply(write("phone", PresenceStatus.ONLINE, 1), null);
        PresenceRecord hidden = apply(write("phone", PresenceStatus.ONLINE, 5, Visibility.INVISIBLE, null), visible);
        assertThat(hidden.publicRevision()).isEqualTo(hidden.revision()).isEqualTo(2);

        PresenceRecord heartbeat = apply(write("phone", PresenceStatus.BUSY, 9), hidden);
        PresenceRecord ended = apply(new SessionEnd("u", "phone", T0.plusSeconds(12), "n1"),
                apply(write("laptop", PresenceStatus.ONLINE, 10), heartbeat));
        assertThat(List.of(heartbeat, ended)).extracting(PresenceRecord::publicRevision).containsOnly(2L);
        assertThat(ended.revision()).isEqualTo(5);
        assertThat(ended.effectiveAt(T0.plusSeconds(86_400)).publicRevision()).as("lapsed").isEqualTo(2);

        PresenceRecord quieter = apply(write("laptop", PresenceStatus.ONLINE, 12, null, false), ended);
        assertThat(quieter.publicRevision()).as("lastSeen hidden: everyone else's view changed")
                .isEqualTo(quieter.revision()).isEqualTo(6);
        assertThat(apply(write("laptop", PresenceStatus.ONLINE, 12, null, false), quieter).publicRevision())
                .as("and stays").isEqualTo(6);

        PresenceRecord shown = apply(write("laptop", PresenceStatus.ONLINE, 13, Visibility.VISIBLE, null), quieter);
        assertThat(shown.publicRevision()).isEqualTo(shown.revision()).isEqualTo(7);
        assertThat(shown.publicFrom()).isZero();
    }

    /**
     * A user who hides lastSeen: a heartbeat changes nothing everyone else reads, so nothing they see moves (a new
     * revision would tell them when the user was last seen); a change they can read starts a new public revision.
     */
    @Test
    void heartbeatsOfAUserWhoHidesLastSeenKeepTheRevisionOthersRead() {
        PresenceRecord first = apply(write("phone", PresenceStatus.ONLINE, 1, null, false), null);
        PresenceRecord beat = apply(write("phone", PresenceStatus.ONLINE, 30), first);
        assertThat(beat.revision()).isEqualTo(2);
        assertThat(beat.publicView()).isEqualTo(first.publicView());
        assertThat(beat.publicRevision()).isEqualTo(1);
        assertThat(apply(write("phone", PresenceStatus.ONLINE, 40), beat).publicRevision()).isEqualTo(1);

        PresenceRecord away = apply(write("phone", PresenceStatus.AWAY, 45), beat);
        assertThat(away.publicRevision()).as("status").isEqualTo(away.revision()).isEqualTo(3);
        PresenceRecord twoDevices = apply(write("laptop", PresenceStatus.AWAY, 50), away);
        assertThat(twoDevices.publicRevision()).as("sessions").isEqualTo(4);
        // T0 is noon: 12 hours on is the next day, which everyone else reads in updatedAt.
        PresenceRecord nextDay = apply(write("laptop", PresenceStatus.AWAY, 43_200), apply(
                write("laptop", PresenceStatus.AWAY, 43_170), apply(write("phone", PresenceStatus.OFFLINE, 60),
                        twoDevices)));
        assertThat(nextDay.publicView().sessions()).isEqualTo(1);
        assertThat(nextDay.publicRevision()).as("the day").isEqualTo(nextDay.revision()).isEqualTo(7);

        PresenceRecord shared = apply(write("laptop", PresenceStatus.AWAY, 43_210, null, true), nextDay);
        assertThat(shared.publicRevision()).isEqualTo(shared.revision());
        assertThat(apply(write("laptop", PresenceStatus.AWAY, 43_220), shared).publicFrom()).isZero();
    }

    /**
     * Two devices online with different messages: their heartbeats leave the decision where it is (the message
     * everyone reads would otherwise follow whichever beat last); a change of message or status takes it.
     */
    @Test
    void heartbeatsOfTwoDevicesOfOneStatusDoNotTakeTheDecisionAChangeDoes() {
        PresenceRecord record = apply(says("tablet", "on the sofa", 5, null), apply(says("laptop", "at my desk", 0,
                null), null));
        assertThat(record.message()).isEqualTo("on the sofa");
        for (int second = 10; second <= 30; second += 10) {
            record = apply(says("laptop", "at my desk", second, null), record);
            assertThat(record.message()).as("after the laptop's heartbeat at %d s", second).isEqualTo("on the sofa");
            assertThat(record.lastSeen()).isEqualTo(T0.plusSeconds(second));
            record = apply(says("tablet", "on the sofa", second + 5, null), record);
            assertThat(record.message()).isEqualTo("on the sofa");
        }
        assertThat(record.sessions()).filteredOn(session -> session.sessionId().equals("laptop")).singleElement()
                .satisfies(laptop -> {
                    assertThat(laptop.updatedAt()).as("its last write").isEqualTo(T0.plusSeconds(30));
                    assertThat(laptop.changedAt()).as("its first").isEqualTo(T0);
                });

        PresenceRecord changed = apply(says("laptop", "back at my desk", 40, null), record);
        assertThat(changed.message()).isEqualTo("back at my desk");
        assertThat(changed.updatedAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(apply(says("tablet", "on the sofa", 45, null), changed).message()).isEqualTo("back at my desk");

        // Away and back: the same message, but the status changed twice, so the tablet decides again.
        PresenceRecord tabletAway = apply(new SessionWrite("u", "tablet", PresenceStatus.AWAY, "on the sofa", 60, null,
                null, T0.plusSeconds(50), "n1", 3), changed);
        assertThat(apply(says("tablet", "on the sofa", 55, null), tabletAway).message()).isEqualTo("on the sofa");
    }

    /** For a user who hides lastSeen, the same heartbeats are no change everyone else could see: no new revision. */
    @Test
    void heartbeatsOfTwoDevicesOfAUserWhoHidesLastSeenKeepTheRevisionOthersRead() {
        PresenceRecord record = apply(says("tablet", "on the sofa", 5, null), apply(says("laptop", "at my desk", 0,
                false), null));
        long publicRevision = record.publicRevision();
        for (int second = 10; second <= 30; second += 10) {
            record = apply(says("tablet", "on the sofa", second + 5, null), apply(says("laptop", "at my desk", second,
                    null), record));
        }
        assertThat(record.revision()).isEqualTo(8);
        assertThat(record.publicRevision()).isEqualTo(publicRevision).isEqualTo(2);
    }

    /**
     * Heartbeats through two nodes (a load balancer over them, or two regions) of a user with privacy settings: the
     * node that wrote is no change everyone else may see, so the public view keeps the node that last changed it.
     */
    @Test
    void heartbeatsThroughAnotherNodeOfAUserWithPrivacySettingsKeepTheNodeOthersRead() {
        for (SessionWrite hiding : List.of(write("phone", PresenceStatus.ONLINE, 1, Visibility.INVISIBLE, null),
                write("phone", PresenceStatus.ONLINE, 1, null, false))) {
            PresenceRecord record = apply(new SessionWrite("u", "tablet", PresenceStatus.ONLINE, "t", 60, null, null,
                    T0.plusSeconds(5), "n1", 3), apply(hiding, null));
            long publicRevision = record.publicRevision();
            for (int second = 10; second <= 30; second += 10) {
                String node = second % 20 == 0 ? "n1" : "n2";
                record = apply(new SessionWrite("u", "tablet", PresenceStatus.ONLINE, "t", 60, null, null,
                        T0.plusSeconds(second), node, 3), record);
                assertThat(record.publicView().nodeId()).as("%s, beat at %d s", hiding, second).isEqualTo("n1");
                assertThat(record.publicRevision()).isEqualTo(publicRevision);
            }
            assertThat(record.sessions()).extracting(SessionState::nodeId).as("the user's own view").contains("n2");
        }

        PresenceRecord hidden = apply(write("phone", PresenceStatus.ONLINE, 1, null, false), null);
        PresenceRecord away = apply(new SessionWrite("u", "phone", PresenceStatus.AWAY, "p", 60, null, null,
                T0.plusSeconds(20), "n2", 3), hidden);
        assertThat(away.publicView().nodeId()).as("a change everyone reads names its node").isEqualTo("n2");
        assertThat(away.publicRevision()).isEqualTo(away.revision());
        PresenceRecord visible = apply(new SessionWrite("u", "phone", PresenceStatus.AWAY, "p", 60, null, null,
                T0.plusSeconds(20), "n2", 3), apply(write("phone", PresenceStatus.AWAY, 10), null));
        assertThat(visible.nodeId()).as("without privacy settings").isEqualTo("n2");
    }

    @Test
    void signingOutEndsOneSessionOrAllKeepingMessageAndPrivacy() {
        PresenceRecord two = apply(write("laptop", PresenceStatus.ONLINE, 1, Visibility.INVISIBLE, null),
                apply(write("phone", PresenceStatus.BUSY, 0), null));

        PresenceRecord one = apply(new SessionEnd("u", "phone", T0.plusSeconds(2), "n2"), two);
        assertThat(one.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(one.sessions()).extracting(SessionState::sessionId).containsExactly("laptop");
        assertThat(one.nodeId()).isEqualTo("n2");

        PresenceRecord none = apply(new SessionEnd("u", null, T0.plusSeconds(3), "n2"), one);
        assertThat(none.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(none.message()).isEqualTo("laptop msg");
        assertThat(none.invisible()).isTrue();
        assertThat(none.lastSeen()).isEqualTo(T0.plusSeconds(3));
    }

    /** Going offline ends a session; a user who never had one has none to end, and is not stored as seen now. */
    @Test
    void anOfflineWriteOfAUserWithoutPresenceIsNotFound() {
        for (String session : new String[] {"default", "phone"}) {
            assertThatThrownBy(() -> write(session, PresenceStatus.OFFLINE, 0).applyTo(Optional.empty()))
                    .isInstanceOf(PresenceNotFoundException.class);
        }
        PresenceRecord phone = apply(write("phone", PresenceStatus.ONLINE, 0), null);
        assertThat(apply(write("laptop", PresenceStatus.OFFLINE, 5), phone).status()).as("another session's user")
                .isEqualTo(PresenceStatus.ONLINE);
    }

    /** A retried sign-out, a second device's, or one after a lapse: nothing to end, so nothing moves. */
    @Test
    void anOfflineWriteOfASessionNotLiveChangesNothing() {
        PresenceRecord off = apply(write("default", PresenceStatus.OFFLINE, 1), apply(write("default",
                PresenceStatus.ONLINE, 0), null));
        assertThat(write("default", PresenceStatus.OFFLINE, 30).applyTo(Optional.of(off))).isSameAs(off);

        PresenceRecord lapsed = apply(write("phone", PresenceStatus.ONLINE, 0), null);
        assertThat(write("phone", PresenceStatus.OFFLINE, 90).applyTo(Optional.of(lapsed))).as("lapsed at 60 s")
                .isSameAs(lapsed);
        assertThat(write("tablet", PresenceStatus.OFFLINE, 5).applyTo(Optional.of(lapsed))).as("never started")
                .isSameAs(lapsed);

        PresenceRecord hidden = apply(write("default", PresenceStatus.OFFLINE, 30, null, false), off);
        assertThat(hidden.hideLastSeen()).as("a privacy setting it names is still taken").isTrue();
        assertThat(hidden.lastSeen()).isEqualTo(off.lastSeen());
        assertThat(write("default", PresenceStatus.OFFLINE, 40, null, false).applyTo(Optional.of(hidden)))
                .isSameAs(hidden);
    }

    @Test
    void signingOutOfWhatIsNotThereIsNotFound() {
        PresenceRecord phone = apply(write("phone", PresenceStatus.BUSY, 0), null);

        assertThatThrownBy(() -> new SessionEnd("u", "tablet", T0, "n").applyTo(Optional.of(phone)))
                .isInstanceOf(PresenceNotFoundException.class).hasMessageContaining("tablet");
        assertThatThrownBy(() -> new SessionEnd("u", "phone", T0.plusSeconds(60), "n").applyTo(Optional.of(phone)))
                .as("a lapsed session is not live").isInstanceOf(PresenceNotFoundException.class);
        assertThatThrownBy(() -> new SessionEnd("u", null, T0, "n").applyTo(Optional.empty()))
                .isInstanceOf(PresenceNotFoundException.class);
    }
}
