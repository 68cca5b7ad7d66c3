package io.hookline.api;

import io.hookline.event.FieldError;

import java.util.List;

/** An RFC 9457 problem the API answers with; thrown by beans, rendered by {@link ProblemWriter}. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
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
}
