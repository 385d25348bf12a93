package io.presence.service.http;

import io.presence.api.ErrorDetail;
import io.presence.api.PresenceLimits;
import io.presence.service.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** The one validation of a list of user ids (multi-get, batch, stream): 422 over the limit, 400 for bad ids. */
public final class UserIdLists {

    private UserIdLists() {
    }

    /** The ids of a repeated and/or comma-separated query parameter; 400 when there are none. */
    public static List<String> fromQuery(String field, List<String> values) {
        List<String> userIds = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                userIds.addAll(List.of(value.split(",", -1)));
            }
        }
        if (userIds.isEmpty() || userIds.stream().allMatch(String::isEmpty)) {
            throw InvalidInputException.badRequest(field, "is required: ?" + field + "=alice,bob");
        }
        return userIds;
    }

    /** Checks the count: 422 above {@code max}. */
    public static void checkSize(String field, List<String> userIds, int max) {
        if (userIds.size() > max) {
            throw InvalidInputException.unprocessable(field,
                    "names " + userIds.size() + " users; at most " + max + " per request");
        }
    }

    /** Checks one id (400 when invalid). */
    public static void checkOne(String field, String userId) {
        if (!PresenceLimits.isValidUserId(userId)) {
            throw InvalidInputException.badRequest(field, PresenceLimits.USER_ID_RULE);
        }
    }

    /** Checks the count (422 above {@code max}) and every id (400, at most ten problems listed). */
    public static void check(String field, List<String> userIds, int max) {
        checkSize(field, userIds, max);
        List<ErrorDetail> problems = new ArrayList<>();
        for (int i = 0; i < userIds.size() && problems.size() < 10; i++) {
            if (!PresenceLimits.isValidUserId(userIds.get(i))) {
                problems.add(new ErrorDetail(field + "[" + i + "]", PresenceLimits.USER_ID_RULE));
            }
        }
        if (!problems.isEmpty()) {
            throw InvalidInputException.badRequest("invalid user ids in " + field, problems);
        }
    }
}
