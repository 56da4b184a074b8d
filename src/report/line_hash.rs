//! `partialFingerprints.primaryLocationLineHash`, computed as GitHub's upload action
//! (codeql-action, `src/fingerprints.ts`) computes it when a SARIF file lacks it: a rolling
//! hash over the 100 characters (UTF-16 code units, spaces and tabs skipped, line breaks
//! normalised to `\n`) that start at each line, as `<hex>:<n>`, where `n` counts earlier
//! lines of the file with the same hash. Writing the same value the action would compute
//! lets alerts uploaded through the API, which computes nothing, match those uploaded by
//! the action.

const BLOCK: usize = 100;
const MOD: u64 = 37;
const EOF: u16 = 0xffff;

/// The hash of every line of `text`, in order: element 0 is line 1.
pub fn line_hashes(text: &str) -> Vec<String> {
    let first_mod = (0..BLOCK).fold(1u64, |m, _| m.wrapping_mul(MOD));
    let mut window = [0u16; BLOCK];
    let mut line_numbers = [0usize; BLOCK]; // 0: no line starts here
    let mut hash: u64 = 0;
    let mut index = 0;
    let mut line = 0usize;
    let mut line_start = true;
    let mut prev_cr = false;
    let mut counts: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    let mut out: Vec<String> = Vec::new();

    let mut emit = |hash: u64, line: usize, out: &mut Vec<String>| {
        let n = counts.entry(hash).or_insert(0);
        *n += 1;
        debug_assert_eq!(line, out.len() + 1);
        out.push(format!("{hash:x}:{n}"));
    };
    let update = |hash: &mut u64, window: &mut [u16; BLOCK], index: &mut usize, c: u16| {
        let begin = window[*index];
        window[*index] = c;
        *hash = MOD
            .wrapping_mul(*hash)
            .wrapping_add(c as u64)
            .wrapping_sub(first_mod.wrapping_mul(begin as u64));
        *index = (*index + 1) % BLOCK;
    };

    let units = text.encode_utf16().chain(std::iter::once(EOF));
    for mut c in units {
        if c == b' ' as u16 || c == b'\t' as u16 || (prev_cr && c == b'\n' as u16) {
            prev_cr = false;
            continue;
        }
        if c == b'\r' as u16 {
            c = b'\n' as u16;
            prev_cr = true;
        } else {
            prev_cr = false;
        }
        if line_numbers[index] != 0 {
            emit(hash, line_numbers[index], &mut out);
            line_numbers[index] = 0;
        }
        if line_start {
            line_start = false;
            line += 1;
            line_numbers[index] = line;
        }
        if c == b'\n' as u16 {
            line_start = true;
        }
        update(&mut hash, &mut window, &mut index, c);
    }
    for _ in 0..BLOCK {
        if line_numbers[index] != 0 {
            emit(hash, line_numbers[index], &mut out);
            line_numbers[index] = 0;
        }
        update(&mut hash, &mut window, &mut index, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::line_hashes;

    // The expected values are those of the upload action's own tests.
    #[test]
    fn matches_the_upload_actions_hashes() {
        assert_eq!(line_hashes(""), ["c129715d7a2bc9a3:1"]);
        assert_eq!(
            line_hashes(" a\nb\n  \t\tc\n d"),
            [
                "271789c17abda88f:1",
                "54703d4cd895b18:1",
                "180aee12dab6264:1",
                "a23a3dc5e078b07b:1"
            ]
        );
        let lf = [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ];
        for text in [
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
            " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
            " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
            " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
        ] {
            assert_eq!(line_hashes(text), lf, "{text:?}");
        }
        assert_eq!(
            line_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End"),
            [
                "8b7cf3e952e7aeb2:1",
                "b1ae1287ec4718d9:1",
                "bff680108adb0fcc:1",
                "c6805c5e1288b612:1",
                "b86d3392aea1be30:1",
                "e6ceba753e1a442:1"
            ]
        );
        let mut repeated = vec![
            "a7f2ff13bc495cf2:1",
            "a7f2ff13bc495cf2:2",
            "a7f2ff13bc495cf2:3",
            "a7f2ff13bc495cf2:4",
            "a7f2ff13bc495cf2:5",
            "a7f2ff13bc495cf2:6",
        ];
        repeated.extend([
            "a7f2ff1481e87703:1",
            "a9cf91f7bbf1862b:1",
            "55ec222b86bcae53:1",
            "cc97dc7b1d7d8f7b:1",
            "c129715d7a2bc9a3:1",
        ]);
        assert_eq!(
            line_hashes(&"Lorem ipsum dolor sit amet.\n".repeat(10)),
            repeated
        );
    }

    #[test]
    fn counts_utf16_units_like_javascript() {
        // Lines of CJK text and an emoji hash like any other: one value per line.
        let h = line_hashes("管理責任者: 😀\nx\n");
        assert_eq!(h.len(), 3);
        assert_ne!(h[0], h[1]);
    }
}
