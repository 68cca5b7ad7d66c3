package io.hookline.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.event.FieldError;
import io.hookline.event.InvalidEventException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the exception an API route failed with into an {@code application/problem+json} answer. */
public final class ProblemWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemWriter.class);

    private final ObjectMapper mapper;

    public ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiProblem problem = cause instanceof ApiProblem p ? p
                : cause instanceof InvalidEventException e ? invalidEvent(e)
                : unexpected(exchange, cause);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class));
        if (!problem.errors().isEmpty()) {
            List<Map<String, String>> errors = problem.errors().stream()
                    .map(e -> Map.of("field", e.field(), "message", e.message()))
                    .toList();
            body.put("errors", errors);
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        if (problem.retryAfterSeconds() != null) {
            out.setHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        out.setBody(mapper.writeValueAsString(body));
    }

    private static ApiProblem invalidEvent(InvalidEventException e) {
        if (InvalidEventException.TOO_LARGE.equals(e.getReason())) {
            return new ApiProblem(413, "Event too large", e.getMessage(), null);
        }
        List<FieldError> errors = e.getErrors().isEmpty() ? List.of(new FieldError("", e.getMessage())) : e.getErrors();
        return new ApiProblem(400, "Invalid event", e.getMessage(), errors);
    }

    private static ApiProblem unexpected(Exchange exchange, Throwable cause) {
        // the cause is logged for operators; the caller gets no stack trace
        LOG.error("API request {} failed", exchange.getExchangeId(), cause);
        return new ApiProblem(500, "Internal error", "the request could not be completed; see the server log", null);
    }
}
