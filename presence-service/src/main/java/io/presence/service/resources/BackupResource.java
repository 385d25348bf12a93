package io.presence.service.resources;

import io.presence.api.Backups;
import io.presence.api.ImportResult;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceScan;
import io.presence.service.core.PresenceService;
import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemException;
import io.presence.service.errors.RequestSummary;
import io.presence.service.errors.SafeText;
import io.presence.service.http.ApiPaths;
import io.presence.service.http.PresenceImports;
import io.presence.service.http.PresenceJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup and restore, for a token with the scope {@code presence:admin} ({@link AdminOnly}):
 * {@code GET /api/v2/presence/export} streams every stored record as JSON lines, {@code POST
 * /api/v2/presence/import} restores such lines (a body of at most 64 KiB, the server's body limit, so a
 * client sends a large export in several requests).
 */
@Path(ApiPaths.PRESENCE)
public final class BackupResource {

    private static final Logger LOG = LoggerFactory.getLogger(BackupResource.class);
    /** An export is the bucket as it is now: no cache may keep it. */
    static final String CACHE_CONTROL = "no-store";

    private final PresenceService service;
    private final PresenceJson json;
    private final PresenceImports imports;

    public BackupResource(PresenceService service, PresenceJson json, PresenceImports imports) {
        this.service = service;
        this.json = json;
        this.imports = imports;
    }

    /**
     * Every record, one JSON line each, read from storage as the client takes them (a slow client slows the
     * reading, it does not fill the heap). Storage is asked first, so that a node that cannot read it answers
     * 503 rather than a 200 that ends at once.
     */
    @GET
    @Path("/" + ApiPaths.EXPORT_SEGMENT)
    @Produces(Backups.NDJSON)
    @AdminOnly
    public Response export() {
        service.latestRevision();
        return Response.ok((StreamingOutput) this::writeAll, Backups.NDJSON)
                .header("Cache-Control", CACHE_CONTROL).build();
    }

    /** The export's status and headers, without reading the bucket. */
    @HEAD
    @Path("/" + ApiPaths.EXPORT_SEGMENT)
    @Produces(Backups.NDJSON)
    @AdminOnly
    public Response exportHead() {
        service.latestRevision();
        return Response.ok().type(Backups.NDJSON).header("Cache-Control", CACHE_CONTROL).build();
    }

    @POST
    @Path("/" + ApiPaths.IMPORT_SEGMENT)
    @Consumes(Backups.NDJSON)
    @Produces(MediaType.APPLICATION_JSON)
    @AdminOnly
    public Response importLines(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        if (contentType == null) {
            // Jersey matches a request without Content-Type to any @Consumes, and reads it as bytes: refuse it as the
            // batch (whose JSON reader needs a type) and the user routes refuse it.
            throw new ProblemException(Problem.Rejected.of(415, SafeText.message(null, 415,
                    new RequestSummary("POST " + ApiPaths.PRESENCE + "/" + ApiPaths.IMPORT_SEGMENT, null, null),
                    Set.of())));
        }
        ImportResult result = imports.importLines(body == null ? new byte[0] : body);
        return Response.ok(result, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * Writes every record. A failure part way (the client went away, storage stopped answering) is thrown on,
     * so the response ends without its last chunk and the client sees an incomplete export fail.
     */
    private void writeAll(OutputStream out) throws IOException {
        long started = System.nanoTime();
        long written = 0;
        try (PresenceScan scan = service.scan()) {
            for (Optional<PresenceRecord> record = scan.next(); record.isPresent(); record = scan.next()) {
                out.write(json.exportBytes(record.get()));
                out.write('\n');
                written++;
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            LOG.warn("export cut short records={} reason={}", written, e.toString());
            throw e;
        }
        LOG.info("export done records={} ms={}", written, (System.nanoTime() - started) / 1_000_000);
    }
}
