package io.lorastream.contracts;

/** A wire record that breaks its contract; the message names the record, the field and the rule. */
public class ContractViolationException extends IllegalArgumentException {

    public ContractViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
