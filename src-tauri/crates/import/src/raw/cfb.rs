//! Checks made before an Excel 97–2003 workbook (a compound file) reaches calamine.
//!
//! calamine follows the compound file's sector chains as the file states them: a chain that
//! points past the end of the file makes it slice out of bounds (a panic, caught), and a chain
//! that loops makes it grow a buffer until memory runs out (an abort, which nothing catches). So
//! the allocation tables are read here first: every pointer must name a sector of the file and
//! no chain may loop. A file that fails is refused; calamine never sees it.

use crate::error::ImportError;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
const FAT_SECTOR: u32 = 0xFFFF_FFFD;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const HEADER_DIFAT: usize = 109;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Checks a compound file's allocation tables (FAT, DIFAT, mini FAT): every pointer inside the
/// file, no chain that loops.
pub(crate) fn check_chains(file: &str, bytes: &[u8]) -> Result<(), ImportError> {
    let bad = |detail: &str| ImportError::Corrupt {
        file: file.to_string(),
        format: "xls".into(),
        detail: format!("cấu trúc tệp Excel 97–2003 không hợp lệ: {detail}"),
    };
    let shift = u16_at(bytes, 0x1E).ok_or_else(|| bad("thiếu phần đầu"))?;
    let size: usize = match shift {
        9 => 512,
        12 => 4096,
        _ => return Err(bad("kích thước khối lạ")),
    };
    if bytes.len() < size {
        return Err(bad("tệp ngắn hơn phần đầu"));
    }
    let sectors =
        u32::try_from((bytes.len() - size).div_ceil(size)).map_err(|_| bad("tệp quá lớn"))?;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize + 1).checked_mul(size)?;
        let end = (start + size).min(bytes.len());
        bytes.get(start..end)
    };
    let inside = |id: u32| id < sectors;
    let fat_count = u32_at(bytes, 0x2C).ok_or_else(|| bad("thiếu phần đầu"))?;
    if fat_count > sectors {
        return Err(bad("số khối bảng cấp phát vượt quá kích thước tệp"));
    }
    // The FAT's own sectors: 109 in the header, the rest along the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..HEADER_DIFAT)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .filter(|id| *id != FREE)
        .collect();
    let mut difat = u32_at(bytes, 0x44).ok_or_else(|| bad("thiếu phần đầu"))?;
    let mut steps = 0u32;
    while difat != END_OF_CHAIN && difat != FREE {
        steps += 1;
        if !inside(difat) || steps > sectors {
            return Err(bad("chuỗi DIFAT trỏ ra ngoài tệp hoặc lặp vòng"));
        }
        let s = sector(difat).ok_or_else(|| bad("chuỗi DIFAT trỏ ra ngoài tệp"))?;
        let per = size / 4 - 1;
        fat_sectors.extend(
            (0..per)
                .filter_map(|i| u32_at(s, 4 * i))
                .filter(|id| *id != FREE),
        );
        difat = u32_at(s, 4 * per).unwrap_or(END_OF_CHAIN);
    }
    fat_sectors.truncate(fat_count as usize);
    let mut fat: Vec<u32> = Vec::with_capacity(fat_sectors.len() * size / 4);
    for id in &fat_sectors {
        if !inside(*id) {
            return Err(bad("bảng cấp phát trỏ ra ngoài tệp"));
        }
        let s = sector(*id).ok_or_else(|| bad("bảng cấp phát trỏ ra ngoài tệp"))?;
        fat.extend((0..s.len() / 4).filter_map(|i| u32_at(s, 4 * i)));
    }
    no_loops(&fat, sectors).map_err(|_| bad("một chuỗi khối trỏ ra ngoài tệp hoặc lặp vòng"))?;
    let first_dir = u32_at(bytes, 0x30).ok_or_else(|| bad("thiếu phần đầu"))?;
    if !inside(first_dir) {
        return Err(bad("thư mục của tệp nằm ngoài tệp"));
    }
    // The mini FAT: its own chain in the FAT (checked above), its entries pointing at mini
    // sectors, of which there can be at most 64 per sector of the file.
    let mut minifat = Vec::new();
    let mut id = u32_at(bytes, 0x3C).ok_or_else(|| bad("thiếu phần đầu"))?;
    let mut steps = 0u32;
    while id != END_OF_CHAIN && id != FREE {
        steps += 1;
        if !inside(id) || steps > sectors {
            return Err(bad(
                "chuỗi bảng cấp phát nhỏ trỏ ra ngoài tệp hoặc lặp vòng",
            ));
        }
        let s = sector(id).ok_or_else(|| bad("bảng cấp phát nhỏ trỏ ra ngoài tệp"))?;
        minifat.extend((0..s.len() / 4).filter_map(|i| u32_at(s, 4 * i)));
        id = fat.get(id as usize).copied().unwrap_or(END_OF_CHAIN);
    }
    let mini_sectors = u32::try_from(minifat.len()).unwrap_or(u32::MAX);
    no_loops(&minifat, mini_sectors)
        .map_err(|_| bad("một chuỗi khối nhỏ trỏ ra ngoài tệp hoặc lặp vòng"))
}

/// Checks what the sheets' DIMENSIONS records claim before calamine reserves room for it: a
/// record claiming billions of cells makes it ask for terabytes, and the process aborts. The
/// records are looked for in the file's bytes (type 0x0200, length 10, 14 or 16), read as
/// calamine reads them.
pub(crate) fn check_dimensions(
    file: &str,
    bytes: &[u8],
    max_cells: u64,
) -> Result<(), ImportError> {
    let u16le = |b: &[u8], at: usize| u32::from(u16_at(b, at).unwrap_or(0));
    for at in 0..bytes.len().saturating_sub(4) {
        if bytes[at] != 0x00 || bytes[at + 1] != 0x02 || bytes[at + 3] != 0x00 {
            continue;
        }
        let len = usize::from(bytes[at + 2]);
        let Some(r) = bytes.get(at + 4..at + 4 + len) else {
            continue;
        };
        let (rf, rl, mut cf, cl) = match len {
            10 => (u16le(r, 0), u16le(r, 2), u16le(r, 4), u16le(r, 6)),
            14 | 16 => (
                u32_at(r, 0).unwrap_or(0),
                u32_at(r, 4).unwrap_or(0),
                u16le(r, 8),
                u16le(r, 10),
            ),
            _ => continue,
        };
        if 0xFF < cf || cl < cf {
            cf = 0;
        }
        if rl >= 1 && cl >= 1 {
            let rows = u64::from((rl - 1).wrapping_sub(rf).wrapping_add(1));
            let cols = u64::from((cl - 1).wrapping_sub(cf).wrapping_add(1));
            if rows.saturating_mul(cols) > max_cells {
                return Err(ImportError::Unsafe {
                    file: file.to_string(),
                    detail: format!(
                        "một trang tính khai báo {rows} dòng × {cols} cột, quá giới hạn {max_cells} ô"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Every entry of an allocation table is a next pointer below `count` or a marker, and following
/// the pointers from any entry ends: no cycle. Linear: each entry is settled once.
fn no_loops(table: &[u32], count: u32) -> Result<(), ()> {
    // 0: not seen, 1: on the current walk, 2: known to end.
    let mut state = vec![0u8; table.len()];
    for start in 0..table.len() {
        let mut walk = Vec::new();
        let mut at = start;
        loop {
            match state[at] {
                2 => break,
                1 => return Err(()),
                _ => {}
            }
            state[at] = 1;
            walk.push(at);
            let next = table[at];
            if matches!(next, END_OF_CHAIN | FREE | FAT_SECTOR | DIFAT_SECTOR) {
                break;
            }
            if next >= count {
                return Err(());
            }
            match usize::try_from(next).ok().filter(|n| *n < table.len()) {
                Some(n) => at = n,
                None => return Err(()),
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::no_loops;

    #[test]
    fn a_chain_that_ends_passes_and_one_that_loops_or_leaves_does_not() {
        assert_eq!(no_loops(&[1, 2, 0xFFFF_FFFE, 0xFFFF_FFFF], 4), Ok(()));
        assert_eq!(no_loops(&[1, 2, 0], 3), Err(()), "0 → 1 → 2 → 0");
        assert_eq!(
            no_loops(&[1, 9, 0xFFFF_FFFE], 3),
            Err(()),
            "points past the end"
        );
        assert_eq!(no_loops(&[0], 1), Err(()), "a sector that is its own next");
    }
}
