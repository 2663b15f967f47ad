package io.archipelago.engine.codec;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandValidationTest
{
    @ParameterizedTest
    @ValueSource(strings = {"alice", "zo\u00eb", "\u7528\u6237", "\uD83D\uDE00", "a b", "\uD83D\uDE00\uD83D\uDE01x"})
    void shouldAcceptWellFormedLogins(final String login)
    {
        assertNull(Command.validateLogin(login));
    }

    @Test
    void shouldRejectNullAndEmptyLogins()
    {
        assertNotNull(Command.validateLogin(null));
        assertNotNull(Command.validateLogin(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D", "a\uD83D", "\uD83Db", "\uDE00", "a\uDE00b", "\uDE00\uD83D", "\uD83D\uD83D\uDE00",
        "\uD83D\uDE00\uDE00"})
    void shouldRejectLoginsWithUnpairedSurrogates(final String login)
    {
        final String problem = Command.validateLogin(login);

        assertNotNull(problem);
        assertTrue(problem.contains("surrogate"), problem);
    }

    @Test
    void shouldAcceptLoginOfExactlyMaximumUtf8BytesAndRejectOneByteMore()
    {
        final String[] exact = {
            "a".repeat(Command.MAX_LOGIN_BYTES),
            "\u00eb".repeat(Command.MAX_LOGIN_BYTES / 2),
            "\u7528".repeat(85) + "a",
            "\uD83D\uDE00".repeat(Command.MAX_LOGIN_BYTES / 4),
            "\uD83D\uDE00".repeat(63) + "\u7528a"};
        for (final String login : exact)
        {
            assertEquals(Command.MAX_LOGIN_BYTES, login.getBytes(StandardCharsets.UTF_8).length);
            assertNull(Command.validateLogin(login), login);
            assertNotNull(Command.validateLogin(login + "a"), "one byte too long: " + login);
        }
    }

    @Test
    void shouldRejectLoginsLongerThanMaximumInUtf8EvenWhenFewChars()
    {
        final String threeByteChars = "\u7528".repeat(86);
        final String fourByteChars = "\uD83D\uDE00".repeat(Command.MAX_LOGIN_BYTES / 4 + 1);
        final String twoByteChars = "\u00eb".repeat(Command.MAX_LOGIN_BYTES / 2) + "\u00eb";

        assertTrue(threeByteChars.length() < Command.MAX_LOGIN_BYTES);
        assertNotNull(Command.validateLogin(threeByteChars));
        assertNotNull(Command.validateLogin(fourByteChars));
        assertNotNull(Command.validateLogin(twoByteChars));
        assertNotNull(Command.validateLogin("a".repeat(10 * Command.MAX_LOGIN_BYTES)));
    }

    @Test
    void shouldValidateQuantitiesUnitsAndLinesOfCommands()
    {
        assertNull(new Command().createProduct(1, 1).validate());
        assertNotNull(new Command().createProduct(1, 0).validate());
        assertNotNull(new Command().restock(1, -1).validate());
        assertNull(new Command().placeOrder("a", 1).addLine(1, 1).validate());
        assertNotNull(new Command().placeOrder("a", 1).validate());
        assertNotNull(new Command().placeOrder("a", 1).addLine(1, 1).addLine(2, -1).validate());
        assertNull(new Command().cancelOrder("a", 1).validate());
        assertNotNull(new Command().cancelOrder("\uD800", 1).validate());
        assertNotNull(new Command().validate());
    }

    @Test
    void shouldCopyEveryFieldWhenCopyingCommand()
    {
        final Command order = new Command().placeOrder("zo\u00eb", 4).addLine(1, 2).addLine(3, 4);
        final Command copy = new Command().createProduct(99, 99);

        copy.copyFrom(order);

        assertEquals(order, copy);
        assertEquals(order.hashCode(), copy.hashCode());
        assertEquals(order.toString(), copy.toString());
        copy.copyFrom(new Command().restock(5, 6));
        assertNotEquals(order, copy);
        assertEquals(0, copy.lineCount());
        assertNull(copy.login());
    }

    @Test
    void shouldForgetContentWhenCleared()
    {
        final Command command = new Command().placeOrder("alice", 4).addLine(1, 2);

        command.clear();

        assertNull(command.type());
        assertNull(command.login());
        assertEquals(0, command.lineCount());
        assertEquals(new Command(), command);
    }
}
