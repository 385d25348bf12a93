package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorDetail;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Violations raised by code (not by Jersey) are named by their property path. */
class ViolationProblemsTest {

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
        Problem problem = map(VALIDATOR.validate(order));
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.details()).extracting(ErrorDetail::field)
                .containsExactly("items[1].name", "tags[k]");
    }

    /** A batch of many bad ids: the details in the order sent, and only the first ten of them. */
    @Test
    void detailsComeInRequestOrderAndAreCapped() {
        List<Item> items = java.util.stream.IntStream.range(0, 25).mapToObj(i -> new Item(i % 2 == 0 ? " " : "a"))
                .toList();
        Problem problem = map(VALIDATOR.validate(new Order(items, Map.of())));
        assertThat(problem.details()).extracting(ErrorDetail::field).containsExactly("items[0].name",
                "items[2].name", "items[4].name", "items[6].name", "items[8].name", "items[10].name",
                "items[12].name", "items[14].name", "items[16].name", "items[18].name");
        assertThat(problem.message()).isEqualTo("13 invalid fields: items[0].name, items[2].name, items[4].name,"
                + " items[6].name, items[8].name, items[10].name, items[12].name, items[14].name, items[16].name,"
                + " items[18].name and 3 more");
    }

    @Test
    void invalidReturnValueIsServerFault() throws NoSuchMethodException {
        Service service = new Service();
        Set<ConstraintViolation<Service>> violations = VALIDATOR.forExecutables()
                .validateReturnValue(service, Service.class.getMethod("shout"), service.shout());
        assertThat(map(violations).status()).isEqualTo(500);
    }

    @Test
    void noViolationsIsStill422() {
        assertThat(map(Set.of()).status()).isEqualTo(422);
        assertThat(Problems.of(new ConstraintViolationException("x", null), RequestSummary.NONE).status())
                .isEqualTo(422);
    }

    private static Problem map(Set<? extends ConstraintViolation<?>> violations) {
        return Problems.of(new ConstraintViolationException(violations), RequestSummary.NONE);
    }
}
