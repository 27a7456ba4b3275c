//! The PKCS#11 module a signing token comes with: finding it where the Vietnamese CAs' software
//! installs it, and telling, before it is loaded, whether this program can load it at all.
//!
//! A module is a shared library of the operating system (`.dll`, `.so`, `.dylib`). A 64-bit
//! program cannot load a 32-bit one; Windows then answers only "%1 is not a valid Win32
//! application". Several CAs still install a 32-bit module beside the 64-bit one (into SysWOW64),
//! so the architecture is read from the file's header first and named in the message.
//!
//! The module names below are those the CAs' installers put into the Windows system folder, as
//! public signing tools that search for them list them; a module elsewhere is chosen by hand.

use std::path::{Path, PathBuf};

use crate::error::PdfError;

/// The machine a library or program is built for, read from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Machine {
    X86,
    X86_64,
    Arm64,
    /// A macOS library holding several architectures: the loader picks.
    Universal,
    Other(u16),
}

impl Machine {
    /// The machine this program runs as.
    pub fn this_program() -> Machine {
        if cfg!(target_arch = "x86_64") {
            Machine::X86_64
        } else if cfg!(target_arch = "aarch64") {
            Machine::Arm64
        } else if cfg!(target_arch = "x86") {
            Machine::X86
        } else {
            Machine::Other(0)
        }
    }

    fn bits(self) -> &'static str {
        match self {
            Machine::X86 => "32-bit (x86)",
            Machine::X86_64 => "64-bit (x64)",
            Machine::Arm64 => "64-bit (ARM64)",
            Machine::Universal => "universal",
            Machine::Other(_) => "không rõ kiến trúc",
        }
    }
}

/// Reads the machine a shared library is built for from its first bytes: PE (Windows), ELF
/// (Linux) or Mach-O (macOS). `None` when the bytes are none of these.
pub fn library_machine(head: &[u8]) -> Option<Machine> {
    let u16le = |at: usize| {
        head.get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32le = |at: usize| {
        head.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if head.starts_with(b"MZ") {
        let pe = usize::try_from(u32le(0x3c)?).ok()?;
        if head.get(pe..pe + 4)? != b"PE\0\0" {
            return None;
        }
        return Some(match u16le(pe + 4)? {
            0x014c => Machine::X86,
            0x8664 => Machine::X86_64,
            0xaa64 => Machine::Arm64,
            other => Machine::Other(other),
        });
    }
    if head.starts_with(b"\x7fELF") {
        // e_machine, in the byte order EI_DATA names (1: little-endian).
        let at = 18;
        let machine = match head.get(5)? {
            1 => u16le(at)?,
            2 => head
                .get(at..at + 2)
                .map(|b| u16::from_be_bytes([b[0], b[1]]))?,
            _ => return None,
        };
        return Some(match machine {
            3 => Machine::X86,
            62 => Machine::X86_64,
            183 => Machine::Arm64,
            other => Machine::Other(other),
        });
    }
    match head.get(0..4)? {
        [0xcf, 0xfa, 0xed, 0xfe] => Some(match u32le(4)? {
            0x0100_0007 => Machine::X86_64,
            0x0100_000c => Machine::Arm64,
            other => Machine::Other((other & 0xffff) as u16),
        }),
        [0xce, 0xfa, 0xed, 0xfe] => Some(Machine::X86),
        [0xca, 0xfe, 0xba, 0xbe] => Some(Machine::Universal),
        _ => None,
    }
}

/// Refuses, with a message that says what to do, a module this program cannot load: a file that
/// is not a shared library, or one built for another machine (a 32-bit module above all).
pub fn check_module(path: &Path) -> Result<(), PdfError> {
    use std::io::Read;
    let shown = path.display();
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| PdfError::Token(format!("không đọc được mô-đun PKCS#11 «{shown}»: {e}")))?;
    let this = Machine::this_program();
    match library_machine(&head) {
        None => Err(PdfError::Token(format!(
            "«{shown}» không phải thư viện (.dll, .so, .dylib): hãy chọn mô-đun PKCS#11 mà phần mềm \
             của thiết bị ký cài vào máy"
        ))),
        Some(Machine::Universal) => Ok(()),
        Some(m) if m == this => Ok(()),
        Some(Machine::X86) if this != Machine::X86 => Err(PdfError::Token(format!(
            "mô-đun PKCS#11 «{shown}» là bản 32-bit; Xét Khen là chương trình {} nên không nạp được \
             nó. Hãy chọn bản 64-bit của mô-đun (trên Windows, tệp cùng tên trong \
             C:\\Windows\\System32, không phải SysWOW64), hoặc cài bản 64-bit của phần mềm token \
             từ nhà cung cấp chữ ký số",
            this.bits()
        ))),
        Some(m) => Err(PdfError::Token(format!(
            "mô-đun PKCS#11 «{shown}» dành cho máy {}, còn Xét Khen chạy {}: hãy cài bản mô-đun \
             đúng với máy này",
            m.bits(),
            this.bits()
        ))),
    }
}

/// A PKCS#11 module found where a CA's software installs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundModule {
    /// Whose module it is, as the secretariat knows the CA.
    pub provider: &'static str,
    pub path: PathBuf,
    /// Why it cannot be used, when it cannot (a 32-bit module, say); `None` when it can.
    pub unusable: Option<String>,
}

/// The modules Vietnamese CAs' token software installs into the Windows system folder, by CA.
const WINDOWS_MODULES: &[(&str, &[&str])] = &[
    (
        "Viettel-CA",
        &[
            "viettel-ca_v6.dll",
            "viettel-ca_v5.dll",
            "viettel-ca_v4.dll",
            "viettel-ca_v3.dll",
            "viettel-ca_v2.dll",
            "viettel-ca_v1.dll",
            "viettel-ca.dll",
        ],
    ),
    (
        "VNPT-CA",
        &[
            "vnptca_p11_v10.dll",
            "vnptca_p11_v8.dll",
            "vnptca_p11_v6.dll",
            "vnpt-ca_csp11.dll",
            "vnpt-ca_v34.dll",
            "vnpt-ca_cl_v1.dll",
        ],
    ),
    ("FPT-CA", &["fpt-ca_v5.dll", "fpt-ca_v4.dll", "fpt-ca.dll"]),
    ("BKAV-CA", &["BkavCAv2S.dll", "BkavCA.dll"]),
    (
        "CA2 (Nacencomm)",
        &["ncca_csp11_v1.dll", "CA2_csp11.dll", "CA2_v34.dll"],
    ),
    ("ePass2003 (Feitian)", &["eps2003csp11.dll"]),
    ("SafeNet eToken", &["eTPKCS11.dll"]),
    ("OpenSC", &["opensc-pkcs11.dll"]),
];

/// Where modules are looked for on Linux and macOS, by who supplies them.
const UNIX_MODULES: &[(&str, &[&str])] = &[
    (
        "OpenSC",
        &[
            "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
            "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
            "/usr/lib/opensc-pkcs11.so",
            "/Library/OpenSC/lib/opensc-pkcs11.so",
        ],
    ),
    (
        "SafeNet eToken",
        &[
            "/usr/lib/libeTPkcs11.so",
            "/usr/local/lib/libeTPkcs11.dylib",
        ],
    ),
];

/// The folders a Windows system keeps its libraries in: System32 holds the 64-bit modules and
/// SysWOW64 the 32-bit ones (listed too, so that a CA that installed only those is named).
pub fn windows_system_folders(system_root: &Path) -> Vec<PathBuf> {
    vec![system_root.join("System32"), system_root.join("SysWOW64")]
}

/// The modules found in `folders` under the names the CAs' installers use (Windows), each with
/// whether this program can load it. Names are compared without regard to case, as Windows does.
pub fn find_windows_modules(folders: &[PathBuf]) -> Vec<FoundModule> {
    let mut found = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let names: Vec<(String, PathBuf)> = entries
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().to_lowercase(), e.path()))
            .collect();
        for (provider, modules) in WINDOWS_MODULES {
            for module in *modules {
                let wanted = module.to_lowercase();
                if let Some((_, path)) = names.iter().find(|(n, _)| *n == wanted) {
                    found.push(FoundModule {
                        provider,
                        path: path.clone(),
                        unusable: check_module(path).err().map(|e| e.to_string()),
                    });
                }
            }
        }
    }
    found
}

/// The modules of this machine's usual places: the Windows system folders (`%SystemRoot%`), or
/// the Linux and macOS library folders.
pub fn find_modules() -> Vec<FoundModule> {
    if cfg!(windows) {
        let root = std::env::var_os("SystemRoot")
            .map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        return find_windows_modules(&windows_system_folders(&root));
    }
    UNIX_MODULES
        .iter()
        .flat_map(|(provider, paths)| paths.iter().map(move |p| (*provider, Path::new(p))))
        .filter(|(_, p)| p.is_file())
        .map(|(provider, p)| FoundModule {
            provider,
            path: p.to_path_buf(),
            unusable: check_module(p).err().map(|e| e.to_string()),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The smallest PE header the loader would read: "MZ", e_lfanew at 0x3c, "PE\0\0", machine.
    fn pe(machine: u16) -> Vec<u8> {
        let mut b = vec![0u8; 0x100];
        b[0..2].copy_from_slice(b"MZ");
        b[0x3c..0x40].copy_from_slice(&0x80u32.to_le_bytes());
        b[0x80..0x84].copy_from_slice(b"PE\0\0");
        b[0x84..0x86].copy_from_slice(&machine.to_le_bytes());
        b
    }

    #[test]
    fn reads_the_machine_of_windows_libraries() {
        assert_eq!(library_machine(&pe(0x14c)), Some(Machine::X86));
        assert_eq!(library_machine(&pe(0x8664)), Some(Machine::X86_64));
        assert_eq!(library_machine(&pe(0xaa64)), Some(Machine::Arm64));
        let mut broken = pe(0x8664);
        broken[0x80] = b'X';
        assert_eq!(library_machine(&broken), None);
        // An offset past the bytes read is no header, not a panic.
        let mut far = pe(0x8664);
        far[0x3c..0x40].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(library_machine(&far), None);
        assert_eq!(library_machine(b"MZ"), None);
    }

    #[test]
    fn reads_the_machine_of_this_test_program() {
        // The test binary itself is a library-format file of this machine (ELF, PE or Mach-O).
        let exe = std::env::current_exe().expect("the test binary's path");
        let head = std::fs::read(&exe).expect("the test binary");
        assert_eq!(
            library_machine(&head[..4096]),
            Some(Machine::this_program())
        );
        check_module(&exe).expect("a library of this machine is accepted");
    }

    #[test]
    fn refuses_a_32_bit_module_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let module = dir.path().join("viettel-ca_v6.dll");
        std::fs::write(&module, pe(0x14c)).expect("write");
        let err = check_module(&module).expect_err("a 32-bit module is refused");
        let text = err.to_string();
        assert!(
            text.contains("32-bit") && text.contains("viettel-ca_v6.dll"),
            "{text}"
        );
        let not_a_library = dir.path().join("notes.dll");
        std::fs::write(&not_a_library, b"plain text").expect("write");
        assert!(check_module(&not_a_library)
            .expect_err("not a library")
            .to_string()
            .contains("không phải thư viện"));
    }

    #[test]
    fn finds_the_cas_modules_in_a_windows_system_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        let folders = windows_system_folders(root.path());
        for f in &folders {
            std::fs::create_dir_all(f).expect("folder");
        }
        let this = std::fs::read(std::env::current_exe().expect("exe")).expect("exe bytes");
        // A 64-bit module in System32 under the case Viettel's installer uses, a 32-bit one in
        // SysWOW64, and a library of no CA's name, which is not offered.
        std::fs::write(folders[0].join("Viettel-CA_v6.dll"), &this[..4096]).expect("write");
        std::fs::write(folders[1].join("vnpt-ca_csp11.dll"), pe(0x14c)).expect("write");
        std::fs::write(folders[0].join("kernel32.dll"), &this[..4096]).expect("write");
        let found = find_windows_modules(&folders);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].provider, "Viettel-CA");
        assert!(found[0].unusable.is_none(), "{found:?}");
        assert_eq!(found[1].provider, "VNPT-CA");
        assert!(found[1]
            .unusable
            .as_deref()
            .is_some_and(|why| why.contains("32-bit")));
    }
}
