package io.lorastream.evaluator.rest;

/**
 * Every error answer of the API.
 *
 * @param error what is wrong, in a sentence
 * @param field the input it concerns
 * @param rule the broken rule's code
 */
public record ErrorBody(String error, String field, String rule) {
}
