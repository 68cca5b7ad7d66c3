package io.hookline.event;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InvalidEventExceptionTest {

    @Test
    void messageOfInvalidFieldsListsEveryFieldError() {
        InvalidEventException e = InvalidEventException.invalidFields(List.of(
                new FieldError("type", "unknown event type 'foo'"),
                new FieldError("contact.email", "not an e-mail address")));

        assertThat(e.getReason()).isEqualTo("invalid_fields");
        assertThat(e.getMessage())
                .isEqualTo("invalid fields: type: unknown event type 'foo'; contact.email: not an e-mail address");
        assertThat(e.getErrors()).extracting(FieldError::field).containsExactly("type", "contact.email");
    }

    @Test
    void plainReasonsCarryNoFieldErrors() {
        InvalidEventException e = new InvalidEventException(InvalidEventException.EMPTY, "event body is empty");

        assertThat(e.getReason()).isEqualTo("empty");
        assertThat(e.getErrors()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("event body is empty");
    }

    @Test
    void rejectsUnknownReasonCodes() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InvalidEventException("oops", "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> new InvalidEventException("invalid_fields", "x"));
    }

    @Test
    void invalidFieldsNeedsAtLeastOneError() {
        assertThatIllegalArgumentException().isThrownBy(() -> InvalidEventException.invalidFields(List.of()));
    }
}
