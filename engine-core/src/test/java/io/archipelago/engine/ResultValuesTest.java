package io.archipelago.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import io.archipelago.engine.model.OrderState;
import io.archipelago.engine.model.ProductView;
import io.archipelago.engine.model.ResultCode;
import io.archipelago.engine.recovery.CleanShutdownFile;
import io.archipelago.engine.recovery.DataDirectoryLayout;
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
        assertNull(CleanShutdownFile.read(dir.resolve(DataDirectoryLayout.CLEAN_SHUTDOWN)), "no record before the first clean shutdown");

        new CleanShutdownFile(1234, "0f3c0f3c0f3c0f3c0f3c0f3c0f3c0f3c").write(dir.resolve(DataDirectoryLayout.CLEAN_SHUTDOWN));
        new CleanShutdownFile(1235, "abcdabcdabcdabcdabcdabcdabcdabcd").write(dir.resolve(DataDirectoryLayout.CLEAN_SHUTDOWN));

        assertEquals(new CleanShutdownFile(1235, "abcdabcdabcdabcdabcdabcdabcdabcd"), CleanShutdownFile.read(dir.resolve(DataDirectoryLayout.CLEAN_SHUTDOWN)));
        assertFalse(Files.exists(dir.resolve(DataDirectoryLayout.CLEAN_SHUTDOWN + ".tmp")));
    }

    @Test
    void shouldRefuseUnreadableCleanShutdownRecords() throws Exception
    {
        for (final String content : new String[] {"", "sequence=12\n", "digest=ab\n", "sequence=x\ndigest=ab\n",
            "sequence=-1\ndigest=ab\n", "sequence=3\ndigest=\n"})
        {
            Files.writeString(dir.resolve(DataDirectoryLayout.CLEAN_SHUTDOWN), content, StandardCharsets.UTF_8);

            assertThrows(IllegalStateException.class, () -> CleanShutdownFile.read(dir.resolve(DataDirectoryLayout.CLEAN_SHUTDOWN)), content);
        }
    }
}
