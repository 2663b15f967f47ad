package io.archipelago.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultValuesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldMapEveryResultCodeToAUniqueStableCodeAndBack()
    {
        final Set<Integer> codes = new HashSet<>();
        for (final ResultCode result : ResultCode.values())
        {
            assertTrue(codes.add(result.code()), "code " + result.code() + " used twice");
            assertEquals(result, ResultCode.ofCode(result.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> ResultCode.ofCode(-1));
        assertThrows(IllegalArgumentException.class, () -> ResultCode.ofCode(19));
        assertThrows(IllegalArgumentException.class, () -> ResultCode.ofCode(1_000));
        assertTrue(ResultCode.CONFIRMED.isSuccess());
        assertTrue(ResultCode.ALREADY_EXISTS.isSuccess());
        assertFalse(ResultCode.OUT_OF_STOCK.isSuccess());
        assertFalse(ResultCode.OVERLOADED.isSuccess());
    }

    @Test
    void shouldCombineFanOutResultsWithRefusalFirstThenCreated()
    {
        assertEquals(ResultCode.CREATED, FanOutListener.combine(null, ResultCode.CREATED));
        assertEquals(ResultCode.CREATED, FanOutListener.combine(ResultCode.ALREADY_EXISTS, ResultCode.CREATED));
        assertEquals(ResultCode.CREATED, FanOutListener.combine(ResultCode.CREATED, ResultCode.ALREADY_EXISTS));
        assertEquals(ResultCode.ALREADY_EXISTS,
            FanOutListener.combine(ResultCode.ALREADY_EXISTS, ResultCode.ALREADY_EXISTS));
        assertEquals(ResultCode.UNKNOWN_PRODUCT,
            FanOutListener.combine(ResultCode.RESTOCKED, ResultCode.UNKNOWN_PRODUCT));
        assertEquals(ResultCode.INVALID_ARGUMENT,
            FanOutListener.combine(ResultCode.INVALID_ARGUMENT, ResultCode.UNKNOWN_PRODUCT));
    }

    @Test
    void shouldCompleteFanOutOnlyWhenEveryIslandAnswered()
    {
        final FanOutListener listener = new FanOutListener(3);

        listener.onResult(0, ResultCode.ALREADY_EXISTS);
        listener.onResult(0, ResultCode.CREATED);
        assertFalse(listener.future().isDone());
        listener.onResult(0, ResultCode.ALREADY_EXISTS);

        assertEquals(ResultCode.CREATED, listener.future().join());
    }

    @Test
    void shouldSumProductViewsOfIslandsThatKnowTheProduct()
    {
        final ProductView a = new ProductView(5, true, 1, 10, 4, 1, 5, 2);
        final ProductView b = new ProductView(5, true, 1, 20, 15, 0, 5, -2);

        final ProductView sum = ProductView.unknown(5).plus(a).plus(ProductView.unknown(5)).plus(b);

        assertEquals(new ProductView(5, true, 2, 30, 19, 1, 10, 0), sum);
        assertFalse(ProductView.unknown(5).plus(ProductView.unknown(5)).known());
    }

    @Test
    void shouldCallOnlyRejectedAndCancelledOrdersTerminal()
    {
        assertTrue(OrderState.REJECTED.isTerminal());
        assertTrue(OrderState.CANCELLED.isTerminal());
        assertFalse(OrderState.CONFIRMED.isTerminal());
        assertFalse(OrderState.PENDING.isTerminal());
        assertFalse(OrderState.UNKNOWN.isTerminal());
    }

    @Test
    void shouldWriteAndReadCleanShutdownRecord() throws Exception
    {
        assertNull(CleanShutdownFile.read(dir), "no record before the first clean shutdown");

        new CleanShutdownFile(1234, "0f3c").write(dir);
        new CleanShutdownFile(1235, "abcd").write(dir);

        assertEquals(new CleanShutdownFile(1235, "abcd"), CleanShutdownFile.read(dir));
        assertFalse(Files.exists(dir.resolve(CleanShutdownFile.FILE_NAME + ".tmp")));
    }

    @Test
    void shouldRefuseUnreadableCleanShutdownRecords() throws Exception
    {
        for (final String content : new String[] {"", "sequence=12\n", "digest=ab\n", "sequence=x\ndigest=ab\n",
            "sequence=-1\ndigest=ab\n", "sequence=3\ndigest=\n"})
        {
            Files.writeString(dir.resolve(CleanShutdownFile.FILE_NAME), content, StandardCharsets.UTF_8);

            assertThrows(IllegalStateException.class, () -> CleanShutdownFile.read(dir), content);
        }
    }
}
