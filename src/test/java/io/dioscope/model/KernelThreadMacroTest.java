package io.dioscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dioscope.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * kernel_thread(comm) (00_macros.sql): which task names the block layer's classification takes for the
 * kernel's own I/O threads, never the submitter of an application's direct write. The names are as traces
 * print them (the public blkparse's jbd2/sde-8, our captures' kworkers); the applications are fstests' and
 * fio's own tools, which must stay applications.
 */
class KernelThreadMacroTest {
    @ParameterizedTest
    @CsvSource({
        "kworker/u8:3, true", "kworker/1:1H, true", "flush-8:0, true", "jbd2/sde-8, true", "jbd2/sde2-8, true",
        "kjournald, true", "xfsaild/loop0, true", "btrfs-transaction, true", "loop0, true", "md0_raid1, true",
        "kdmflush, true", "dmcrypt_write/2, true", "kswapd0, true", "ksoftirqd/1, true", "swapper/0, true",
        "fio, false", "xfs_io, false", "btrfs, false", "md5sum, false", "loop3d, false", "aio-dio-invalidate-fail, false",
        "dio-invalidate-cache, false", "mmap-rw-fault, false"
    })
    void names(String comm, boolean kernel) throws Exception {
        try (Database db = Database.open(null)) {
            ModelBuilder.defineMacros(db);
            try (PreparedStatement st = db.connection().prepareStatement("SELECT kernel_thread(?)")) {
                st.setString(1, comm);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertEquals(kernel, rs.getBoolean(1), comm);
                }
            }
        }
    }
}
