package io.presence.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiMethodsTest {

    @Test
    void namesEachApiPath() {
        assertThat(ApiMethods.allowFor("/api/v2/presence")).hasValue(ApiMethods.LIST);
        assertThat(ApiMethods.allowFor("/api/v2/presence/batch")).hasValue(ApiMethods.BATCH);
        assertThat(ApiMethods.allowFor("/api/v2/presence/stream")).hasValue(ApiMethods.STREAM);
        assertThat(ApiMethods.allowFor("/api/v2/presence/export")).hasValue(ApiMethods.EXPORT);
        assertThat(ApiMethods.allowFor("/api/v2/presence/import")).hasValue(ApiMethods.IMPORT);
        assertThat(ApiMethods.allowFor("/api/v2/presence/alice")).hasValue(ApiMethods.ONE_USER);
        assertThat(ApiMethods.allowFor("/api/v2/presence/not a valid id")).hasValue(ApiMethods.ONE_USER);
        assertThat(ApiMethods.allowFor("/api/v2/presence/alice/sessions")).hasValue(ApiMethods.SESSIONS);
        assertThat(ApiMethods.allowFor("/api/v2/presence/alice/sessions/phone")).hasValue(ApiMethods.ONE_SESSION);
    }

    @Test
    void readsTheIdsOfAUserPath() {
        assertThat(UserPath.parse("/api/v2/presence/alice")).hasValue(new UserPath(UserPath.Kind.USER, "alice", null));
        assertThat(UserPath.parse("/api/v2/presence/alice/sessions"))
                .hasValue(new UserPath(UserPath.Kind.SESSIONS, "alice", null));
        assertThat(UserPath.parse("/api/v2/presence/alice/sessions/phone"))
                .hasValue(new UserPath(UserPath.Kind.SESSION, "alice", "phone"));
        // An endpoint alone is not a user; with a user's path below it, it is an id no user can have (a 400).
        assertThat(UserPath.parse("/api/v2/presence/batch")).isEmpty();
        assertThat(UserPath.parse("/api/v2/presence/batch/sessions"))
                .hasValue(new UserPath(UserPath.Kind.SESSIONS, "batch", null));
        assertThat(UserPath.parse("/api/v2/presence/export/sessions/x"))
                .hasValue(new UserPath(UserPath.Kind.SESSION, "export", "x"));
        assertThat(UserPath.parse("/api/v2/presence/stream/other")).isEmpty();
        assertThat(UserPath.parse("/api/v2/presence/alice/sessions/")).isEmpty();
        assertThat(UserPath.parse("/api/v2/presence/alice/sessions/a/b")).isEmpty();
        assertThat(UserPath.parse("/api/v2/presence/alice/devices")).isEmpty();
        assertThat(UserPath.parse("/api/v2/presence//sessions")).isEmpty();
    }

    @Test
    void everyEndpointSegmentIsAReservedUserId() {
        assertThat(io.presence.api.PresenceLimits.RESERVED_USER_IDS).containsAll(ApiPaths.ENDPOINT_SEGMENTS);
        for (String segment : ApiPaths.ENDPOINT_SEGMENTS) {
            assertThat(ApiPaths.isEndpointSegment(segment)).isTrue();
            assertThat(io.presence.api.PresenceLimits.isValidUserId(segment)).as(segment).isFalse();
            assertThat(ApiMethods.allowFor(ApiPaths.USER_PREFIX + segment)).as(segment).isPresent()
                    .isNotEqualTo(java.util.Optional.of(ApiMethods.ONE_USER));
        }
        assertThat(ApiPaths.isEndpointSegment("alice")).isFalse();
        assertThat(ApiPaths.isEndpointSegment("Export")).isFalse();
    }

    @Test
    void spellsEveryAllowOneWay() {
        for (String allow : List.of(ApiMethods.LIST, ApiMethods.BATCH, ApiMethods.STREAM, ApiMethods.ONE_USER,
                ApiMethods.SESSIONS, ApiMethods.ONE_SESSION, ApiMethods.OPENAPI, ApiMethods.EXPORT, ApiMethods.IMPORT)) {
            assertThat(ApiMethods.allowOf(Set.of(allow.split(", ")))).isEqualTo(allow);
        }
        assertThat(ApiMethods.allowOf(List.of("POST", "OPTIONS"))).isEqualTo("OPTIONS, POST");
    }

    @Test
    void knowsNothingOfOtherPaths() {
        assertThat(ApiMethods.allowFor(null)).isEmpty();
        assertThat(ApiMethods.allowFor("/")).isEmpty();
        assertThat(ApiMethods.allowFor("/api/v2/presence//")).isEmpty();
        assertThat(ApiMethods.allowFor("/api/v2/presence/alice/extra")).isEmpty();
        assertThat(ApiMethods.allowFor("/api/v2/presenceX")).isEmpty();
    }

    /** Jersey routes its paths with one "/" after them too; the servlets' paths (a user, the stream) it does not. */
    @Test
    void jerseysPathsAreTheirsWithASlashAfterThem() {
        assertThat(ApiMethods.allowFor("/api/v2/presence/")).contains(ApiMethods.LIST);
        assertThat(ApiMethods.allowFor("/api/v2/presence/batch/")).contains(ApiMethods.BATCH);
        assertThat(ApiMethods.allowFor("/api/v2/presence/export/")).contains(ApiMethods.EXPORT);
        assertThat(ApiMethods.allowFor("/api/v2/presence/import/")).contains(ApiMethods.IMPORT);
        assertThat(ApiMethods.allowFor("/api/v2/presence/stream/")).isEmpty();
        assertThat(ApiMethods.allowFor("/api/v2/presence/alice/")).isEmpty();
        assertThat(ApiMethods.allowFor("/openapi.yaml/")).isEmpty();
    }
}
