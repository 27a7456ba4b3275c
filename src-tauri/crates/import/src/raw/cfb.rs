//! Checks made before an Excel 97–2003 workbook (a compound file) reaches calamine.
//!
//! calamine follows the compound file's sector chains as the file states them: a chain that
//! points past the end of the file makes it slice out of bounds (a panic, caught), and a chain
//! that loops makes it grow a buffer until memory runs out (an abort, which nothing catches). So
//! the allocation tables are read here first: every pointer must name a sector of the file and
//! no chain may loop. A file that fails is refused; calamine never sees it.
//!
//! The checks follow calamine's own reading of the file, not the specification's. The `cfb`
//! crate reads the same structures in its own way (it drops DIFAT and FAT entries calamine
//! keeps) and builds the whole FAT before judging it, so what it accepts says little about what
//! calamine will do; ARCHITECTURE.md (Decisions) has the measurements.

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
pub(crate) fn check_chains<'a>(file: &str, bytes: &'a [u8]) -> Result<Compound<'a>, ImportError> {
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
    // The FAT's own sectors: 109 in the header, the rest along the DIFAT chain (entries below
    // the markers, as calamine takes them).
    let mut fat_sectors: Vec<u32> = (0..HEADER_DIFAT)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .filter(|id| *id < DIFAT_SECTOR)
        .collect();
    // The FAT is built from every sector the DIFAT names, 128 or 1,024 entries each, the same
    // sector named again included (calamine does so too): a DIFAT naming one sector a million
    // times in a 5 MB file would make it 650 MB. A file has no more FAT sectors than sectors,
    // which bounds the FAT by the file's own size.
    let too_many_fat_sectors = || bad("bảng DIFAT kê nhiều khối bảng cấp phát hơn số khối của tệp");
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
                .filter(|id| *id < DIFAT_SECTOR),
        );
        if fat_sectors.len() > sectors as usize {
            return Err(too_many_fat_sectors());
        }
        difat = u32_at(s, 4 * per).unwrap_or(END_OF_CHAIN);
    }
    if fat_sectors.len() > sectors as usize {
        return Err(too_many_fat_sectors());
    }
    // calamine reads every FAT sector the DIFAT names, whatever the header's count says; so
    // does this check.
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
        .map_err(|_| bad("một chuỗi khối nhỏ trỏ ra ngoài tệp hoặc lặp vòng"))?;
    Ok(Compound {
        bytes,
        size,
        fat,
        minifat,
        first_dir,
        mini_cutoff: u32_at(bytes, 0x38).unwrap_or(4096),
    })
}

/// A compound file whose allocation tables passed [`check_chains`]: every chain ends inside it.
pub(crate) struct Compound<'a> {
    bytes: &'a [u8],
    size: usize,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    first_dir: u32,
    mini_cutoff: u32,
}

impl Compound<'_> {
    /// The bytes of a chain of sectors (of `unit` bytes, numbered in `table`) read from `from`.
    fn chain(table: &[u32], start: u32, unit: usize, from: &[u8], skip_header: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut id = start;
        // The tables have no loops, so a chain is at most as long as its table.
        for _ in 0..=table.len() {
            if id == END_OF_CHAIN || id == FREE {
                break;
            }
            let begin = (id as usize + usize::from(skip_header)).saturating_mul(unit);
            let Some(part) = from.get(begin..(begin + unit).min(from.len())) else {
                break;
            };
            out.extend_from_slice(part);
            match table.get(id as usize) {
                Some(next) => id = *next,
                None => break,
            }
        }
        out
    }

    /// The stream of the workbook ("Workbook", or "Book" for Excel 5), as calamine will read it.
    fn workbook_stream(&self) -> Option<Vec<u8>> {
        let dir = Self::chain(&self.fat, self.first_dir, self.size, self.bytes, true);
        let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
        let name = |e: &[u8]| -> String {
            let len = usize::from(u16_at(e, 64).unwrap_or(0)).min(64);
            let units: Vec<u16> = e[..len.saturating_sub(2)]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        };
        let root = entries.iter().find(|e| e.get(66) == Some(&5))?;
        let stream = ["Workbook", "Book"].iter().find_map(|want| {
            entries
                .iter()
                .find(|e| e.get(66) == Some(&2) && name(e) == *want)
        })?;
        let start = u32_at(stream, 116)?;
        let len = u32_at(stream, 120)? as usize;
        let mut data = if (len as u64) < u64::from(self.mini_cutoff) {
            let mini = Self::chain(&self.fat, u32_at(root, 116)?, self.size, self.bytes, true);
            Self::chain(&self.minifat, start, 64, &mini, false)
        } else {
            Self::chain(&self.fat, start, self.size, self.bytes, true)
        };
        data.truncate(len);
        Some(data)
    }

    /// Walks the workbook's records and refuses what would make calamine reserve more cells
    /// than `max_cells`: a sheet's DIMENSIONS claim, or cells spread over a larger area
    /// (calamine builds a dense grid from the first to the last cell), or a cell beyond the
    /// 256 columns an Excel 97 sheet has.
    pub(crate) fn check_cells(&self, file: &str, max_cells: u64) -> Result<(), ImportError> {
        let Some(stream) = self.workbook_stream() else {
            return Ok(()); // calamine reports a workbook without its stream itself
        };
        let unsafe_file = |detail: String| ImportError::Unsafe {
            file: file.to_string(),
            detail,
        };
        let mut pos = 0usize;
        // The area of the cells of the current sheet: min row, max row, min col, max col.
        let mut area: Option<(u32, u32, u32, u32)> = None;
        while pos + 4 <= stream.len() {
            let typ = u16_at(&stream, pos).unwrap_or(0);
            let len = usize::from(u16_at(&stream, pos + 2).unwrap_or(0));
            let end = (pos + 4 + len).min(stream.len());
            let r = &stream[pos + 4..end];
            pos = end;
            let u16r = |at: usize| u32::from(u16_at(r, at).unwrap_or(0));
            let cols: Option<(u32, u32, u32)> = match typ {
                // Number, Label, RString, BoolErr, RK, LabelSst, Formula, Blank.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0201
                    if r.len() >= 4 =>
                {
                    Some((u16r(0), u16r(2), u16r(2)))
                }
                // MulRk, MulBlank: a row, a first column, ..., a last column.
                0x00BD | 0x00BE if r.len() >= 6 => Some((u16r(0), u16r(2), u16r(r.len() - 2))),
                // BOF: a new sheet begins.
                0x0809 => {
                    area = None;
                    None
                }
                0x0200 => {
                    check_dimension_record(r, max_cells).map_err(|e| unsafe_file(e.to_string()))?;
                    None
                }
                _ => None,
            };
            if let Some((row, first, last)) = cols {
                if first.max(last) > 255 {
                    return Err(unsafe_file(format!(
                        "một ô ở cột {}, ngoài 256 cột của trang tính Excel 97–2003",
                        first.max(last) + 1
                    )));
                }
                let a = area.get_or_insert((row, row, first.min(last), first.max(last)));
                *a = (
                    a.0.min(row),
                    a.1.max(row),
                    a.2.min(first.min(last)),
                    a.3.max(first.max(last)),
                );
                let cells = u64::from(a.1 - a.0 + 1) * u64::from(a.3 - a.2 + 1);
                if cells > max_cells {
                    return Err(unsafe_file(format!(
                        "các ô của một trang tính trải trên {cells} ô, quá giới hạn {max_cells} ô"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// A DIMENSIONS record that claims more cells than a sheet may have.
#[derive(Debug, PartialEq, Eq)]
struct TooManyCells {
    rows: u64,
    cols: u64,
    max: u64,
}

impl std::fmt::Display for TooManyCells {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "một trang tính khai báo {} dòng × {} cột, quá giới hạn {} ô",
            self.rows, self.cols, self.max
        )
    }
}

/// A DIMENSIONS record read as calamine reads it; an error names what it claims.
fn check_dimension_record(r: &[u8], max_cells: u64) -> Result<(), TooManyCells> {
    let u16le = |at: usize| u32::from(u16_at(r, at).unwrap_or(0));
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u16le(0), u16le(2), u16le(4), u16le(6)),
        14 | 16 => (
            u32_at(r, 0).unwrap_or(0),
            u32_at(r, 4).unwrap_or(0),
            u16le(8),
            u16le(10),
        ),
        _ => return Ok(()),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        let rows = u64::from((rl - 1).wrapping_sub(rf).wrapping_add(1));
        let cols = u64::from((cl - 1).wrapping_sub(cf).wrapping_add(1));
        if rows.saturating_mul(cols) > max_cells {
            return Err(TooManyCells {
                rows,
                cols,
                max: max_cells,
            });
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
