//! Percentages as stated by nominations, kept exactly.
//!
//! A percentage is stored in hundredths of a percent (92.5 % = 9250) so that comparing it with a bar
//! is exact: 89.9 fails a 90 % bar and 90.0 passes it, with no floating-point rounding in between.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A percentage between 0 and 100 inclusive, in hundredths of a percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(u32);

/// Why a number is not a percentage.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PercentError {
    #[error("tỷ lệ phải nằm trong khoảng 0–100, nhận được {0}")]
    OutOfRange(String),
    #[error("không phải là số: {0}")]
    NotANumber(String),
}

impl Percent {
    pub const MAX: Percent = Percent(10_000);

    /// From hundredths of a percent (9250 = 92.5 %).
    pub fn from_hundredths(h: u32) -> Result<Self, PercentError> {
        if h > 10_000 {
            return Err(PercentError::OutOfRange(format!(
                "{}",
                f64::from(h) / 100.0
            )));
        }
        Ok(Percent(h))
    }

    /// From a number of percent (92.5), rounded to the nearest hundredth.
    pub fn from_f64(v: f64) -> Result<Self, PercentError> {
        if !v.is_finite() {
            return Err(PercentError::NotANumber(v.to_string()));
        }
        let h = (v * 100.0).round();
        if !(0.0..=10_000.0).contains(&h) {
            return Err(PercentError::OutOfRange(v.to_string()));
        }
        // The range check above makes the cast lossless.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(Percent(h as u32))
    }

    pub fn hundredths(self) -> u32 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// Vietnamese notation: decimal comma, no trailing zeros ("92,5", "90").
    pub fn to_vietnamese(self) -> String {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        match frac {
            0 => format!("{whole}"),
            f if f % 10 == 0 => format!("{whole},{}", f / 10),
            f => format!("{whole},{f:02}"),
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.to_vietnamese())
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Percent::from_f64(v).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_keep_their_tenths_exactly() {
        assert_eq!(Percent::from_f64(92.5).map(Percent::hundredths), Ok(9250));
        assert_eq!(
            Percent::from_f64(0.925 * 100.0).map(Percent::hundredths),
            Ok(9250)
        );
        assert_eq!(Percent::from_f64(89.9).map(Percent::hundredths), Ok(8990));
    }

    #[test]
    fn out_of_range_is_refused() {
        assert!(Percent::from_f64(100.01).is_err());
        assert!(Percent::from_f64(-0.1).is_err());
        assert!(Percent::from_f64(f64::NAN).is_err());
        assert!(Percent::from_hundredths(10_001).is_err());
    }

    #[test]
    fn vietnamese_notation_uses_a_decimal_comma() {
        let p = |v| Percent::from_f64(v).map(Percent::to_vietnamese);
        assert_eq!(p(92.5), Ok("92,5".to_string()));
        assert_eq!(p(90.0), Ok("90".to_string()));
        assert_eq!(p(59.95), Ok("59,95".to_string()));
    }
}
