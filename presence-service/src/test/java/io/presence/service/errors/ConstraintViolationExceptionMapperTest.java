package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Violations raised by code (not by Jersey) are named by their property path. */
class ConstraintViolationExceptionMapperTest {

    private static final jakarta.validation.ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    record Item(@NotBlank String name) {
    }

    record Order(@Valid List<Item> items, Map<String, @NotBlank String> tags) {
    }

    static class Service {
        @Size(max = 1)
        public String shout() {
            return "too long";
        }
    }

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void namesListAndMapElements() {
        Order order = new Order(List.of(new Item("a"), new Item(" ")), Map.of("k", ""));
        Response response = map(VALIDATOR.validate(order));
        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(((ErrorResponse) response.getEntity()).details()).extracting(ErrorDetail::field)
                .containsExactly("items[1].name", "tags[k]");
    }

    @Test
    void invalidReturnValueIsServerFault() throws NoSuchMethodException {
        Service service = new Service();
        Set<ConstraintViolation<Service>> violations = VALIDATOR.forExecutables()
                .validateReturnValue(service, Service.class.getMethod("shout"), service.shout());
        assertThat(map(violations).getStatus()).isEqualTo(500);
    }

    @Test
    void noViolationsIsStill422() {
        assertThat(map(Set.of()).getStatus()).isEqualTo(422);
        assertThat(new ConstraintViolationExceptionMapper().toResponse(new ConstraintViolationException("x", null))
                .getStatus()).isEqualTo(422);
    }

    private static Response map(Set<? extends ConstraintViolation<?>> violations) {
        return new ConstraintViolationExceptionMapper().toResponse(new ConstraintViolationException(violations));
    }
}
