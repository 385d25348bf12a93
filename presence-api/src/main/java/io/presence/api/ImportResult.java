package io.presence.api;

/**
 * The answer to {@code POST /api/v2/presence/import}: what became of the request's records.
 *
 * @param imported records stored, each newer (by {@code updatedAt}) than what the bucket held for its user
 * @param skipped  records equal to or older than what the bucket held (already restored, or overtaken by a
 *                 later write), left as they were
 */
public record ImportResult(long imported, long skipped) {

    /** The sum of two answers, e.g. of the batches one file was sent in. */
    public ImportResult plus(ImportResult other) {
        return new ImportResult(imported + other.imported, skipped + other.skipped);
    }
}
