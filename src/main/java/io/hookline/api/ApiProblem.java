package io.hookline.api;

import io.hookline.event.FieldError;

import java.util.List;

/** An RFC 9457 problem the API answers with; thrown by beans, rendered by {@link ProblemWriter}. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;

    public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
        this(status, title, detail, errors, null);
    }

    private ApiProblem(int status, String title, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503: a part Hookline needs is away for now; the client should try again after the delay given. */
    public static ApiProblem unavailable(String detail, long retryAfterSeconds) {
        return new ApiProblem(503, "Service unavailable", detail, null, retryAfterSeconds);
    }

    public static ApiProblem badRequest(String detail, List<FieldError> errors) {
        return new ApiProblem(400, "Invalid request", detail, errors);
    }

    public static ApiProblem unauthorized() {
        return new ApiProblem(401, "Unauthorized", "a valid API key is required: Authorization: Bearer <key>", null);
    }

    public static ApiProblem notFound(String what, String id) {
        return new ApiProblem(404, "Not found", what + " " + id + " does not exist", null);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Seconds for a Retry-After header, or null when retrying later would not help. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
