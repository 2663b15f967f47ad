package io.archipelago.router;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Generates {@code src/test/resources/golden-routing.tsv}, the frozen table of login routings.
 * <p>
 * The table pins {@link PartitionRouter#partitionOf(String)} for every login in {@link #logins()} and every
 * partition count in {@link #PARTITION_COUNTS}. {@link GoldenRoutingVectorsTest} asserts every row, so any change
 * to the hash, the string encoding or the bucket mapping fails the build. The committed file is the contract:
 * regenerate it only when the routing scheme is changed on purpose, which also means a new
 * {@link PartitionRouter#HASH_SCHEME} because existing data directories would no longer route the same way.
 * <p>
 * To regenerate, from the repository root:
 * <pre>
 *   mvn -q -pl partition-router test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 *   cd partition-router
 *   java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" \
 *       io.archipelago.router.GoldenRoutingTable src/test/resources/golden-routing.tsv
 * </pre>
 * Without an argument the table is printed to standard output.
 */
public final class GoldenRoutingTable
{
    static final String HEADER = "login\tpartitions\tisland";
    static final int[] PARTITION_COUNTS = {1, 8, 64};

    private GoldenRoutingTable()
    {
    }

    /**
     * @param args optional path of the file to write; standard output if absent.
     * @throws IOException if the file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final String table = render();
        if (args.length == 0)
        {
            final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            out.print(table);
        }
        else
        {
            Files.writeString(Path.of(args[0]), table, StandardCharsets.UTF_8);
        }
    }

    static String render()
    {
        final StringBuilder table = new StringBuilder(HEADER).append('\n');
        for (final int partitions : PARTITION_COUNTS)
        {
            final PartitionRouter router = new PartitionRouter(partitions);
            for (final String login : logins())
            {
                table.append(login).append('\t')
                    .append(partitions).append('\t')
                    .append(router.partitionOf(login)).append('\n');
            }
        }

        return table.toString();
    }

    static List<String> logins()
    {
        final Set<String> logins = new LinkedHashSet<>();

        for (int i = 0; i < 100; i++)
        {
            logins.add("user-" + i);
        }

        Collections.addAll(logins,
            "alice", "bob", "carol", "dave", "eve", "frank", "grace", "heidi", "ivan", "judy",
            "mallory", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter",
            "Alice", "ALICE", "a", "b", "z", "0", "1", "42", "007", "-1", "-", "_", ".", "~", " ",
            " alice", "alice ", "alice bob", "o'brien", "back\\slash", "quote\"d", "semi;colon", "comma,login",
            "#hash", "!@#$%^&*()", "user_0", "user.0", "User-0", "USER-0", "user-00", "user--0", "user-100",
            "user-1000", "12345678901234567890", "null", "NULL", "true", "admin", "root", "guest");

        Collections.addAll(logins,
            "alice@example.com", "bob.smith@example.org", "carol+shop@example.net", "dave_99@mail.example.co.uk",
            "Eve@Example.COM", "frank@xn--bcher-kva.example", "grace@b\u00fccher.example",
            "\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a", "very.common@example.com",
            "disposable.style.email.with+symbol@example.com", "other.email-with-hyphen@example.com",
            "user.name+tag+sorting@example.com", "x@example.com", "admin@mailserver1", "example@s.example",
            "mailhost!username@example.org", "user%example.com@example.org", "user-@example.org",
            "customer/department=shipping@example.com", "$A12345@example.com", "!def!xyz%abc@example.com",
            "_somename@example.com", "0123456789@example.com");
        for (int i = 0; i < 10; i++)
        {
            logins.add("shopper" + i + "@example.com");
        }

        Collections.addAll(logins,
            "zo\u00eb", "zoe\u0308", "Zo\u00eb", "\u7528\u623742", "\u7528\u6237", "Jos\u00e9", "Jose\u0301",
            "\u00d8rsted", "\u0141ukasz", "\u1f08\u03c1\u03b9\u03c3\u03c4\u03bf\u03c4\u03ad\u03bb\u03b7\u03c2",
            "\u0412\u043b\u0430\u0434\u0438\u043c\u0438\u0440", "\u0432\u043b\u0430\u0434\u0438\u043c\u0438\u0440",
            "\u0645\u062d\u0645\u062f", "\u05e9\u05dc\u05d5\u05dd", "\u0928\u092e\u0938\u094d\u0924\u0947",
            "\u3053\u3093\u306b\u3061\u306f", "\u30ab\u30bf\u30ab\u30ca", "\ud55c\uad6d\uc5b4\uc0ac\uc6a9\uc790",
            "\u00f1and\u00fa", "stra\u00dfe", "STRASSE", "\u0130stanbul", "\u0131i",
            "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac", "\u10e5\u10d0\u10e0\u10d7\u10e3\u10da\u10d8",
            "\u0540\u0561\u0575\u0565\u0580\u0565\u0576", "\u0e44\u0e17\u0e22", "ti\u1ebfng vi\u1ec7t",
            "\ud83d\ude00", "\ud83d\udc69\u200d\ud83d\udcbbcoder", "\ud83c\uddeb\ud83c\uddf7",
            "\ud835\udd18\ud835\udd2b\ud835\udd26\ud835\udd20\ud835\udd2c\ud835\udd21\ud835\udd22",
            "\ud841\udf0e\ud841\udf31", "\u00a0nbsp", "zero\u200bwidth", "\ufeffbom", "\ufb01le", "\u03a9",
            "\u2126", "\u00c5ngstr\u00f6m", "caf\u00e9", "na\u00efve", "r\u00e9sum\u00e9", "\u5317\u4eac",
            "\u6771\u4eac", "\uc11c\uc6b8", "\u041c\u043e\u0441\u043a\u0432\u0430", "Krak\u00f3w", "Malm\u00f6");

        Collections.addAll(logins,
            "a".repeat(100), "a".repeat(255), "a".repeat(256), "x".repeat(1000), "user-".repeat(50) + "end",
            "\u7528\u6237".repeat(100), "\u00eb".repeat(300), "first.middle.".repeat(20) + "last@example.com",
            "the quick brown fox jumps over the lazy dog while the engine replays every island in parallel",
            "0123456789".repeat(20));

        for (long i = 0; logins.size() < 300; i++)
        {
            logins.add(i % 2 == 0 ? "acct-" + Long.toHexString((i + 1) * 0x9E3779B97F4A7C15L) : "customer" + i * 7919);
        }

        final List<String> result = new ArrayList<>(logins);
        for (final String login : result)
        {
            if (login.isEmpty() || login.indexOf('\t') >= 0 || login.indexOf('\n') >= 0 || login.indexOf('\r') >= 0)
            {
                throw new IllegalStateException("login cannot be stored in the table: '" + login + "'");
            }
        }

        return result;
    }
}
