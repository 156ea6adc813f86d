//! Points, kept in hundredths so that halves and quarters add up exactly.

use std::fmt;
use std::ops::{Add, Sub};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A score in hundredths of a point (`Points::from_hundredths(2550)` is 25.5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(u32);

impl Points {
    pub const ZERO: Points = Points(0);

    pub const fn from_hundredths(h: u32) -> Points {
        Points(h)
    }

    pub const fn whole(p: u32) -> Points {
        Points(p * 100)
    }

    pub fn hundredths(self) -> u32 {
        self.0
    }

    /// Reads a number from a file or a keyboard; `None` for negatives, NaN,
    /// more than two decimals, or values too large to be a score.
    pub fn from_f64(value: f64) -> Option<Points> {
        if !value.is_finite() || !(0.0..=1_000_000.0).contains(&value) {
            return None;
        }
        let scaled = value * 100.0;
        let rounded = scaled.round();
        if (scaled - rounded).abs() > 1e-6 {
            return None;
        }
        Some(Points(rounded as u32))
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    pub fn is_multiple_of(self, step: Points) -> bool {
        step.0 == 0 || self.0.is_multiple_of(step.0)
    }

    pub fn saturating_sub(self, other: Points) -> Points {
        Points(self.0.saturating_sub(other.0))
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, other: Points) -> Points {
        Points(self.0.saturating_add(other.0))
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, other: Points) -> Points {
        self.saturating_sub(other)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, |a, b| a + b)
    }
}

/// Shortest form: `25`, `25.5`, `25.25`.
impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        if frac == 0 {
            write!(f, "{whole}")
        } else if frac.is_multiple_of(10) {
            write!(f, "{whole}.{}", frac / 10)
        } else {
            write!(f, "{whole}.{frac:02}")
        }
    }
}

/// Written as a JSON number: an integer when whole, so files stay readable.
impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) {
            s.serialize_u32(self.0 / 100)
        } else {
            s.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        let value = f64::deserialize(d)?;
        Points::from_f64(value).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{value} is not a valid number of points (use a number ≥ 0 with at most two decimals)"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_halves_and_rejects_thousandths() {
        assert_eq!(Points::from_f64(25.5), Some(Points::from_hundredths(2550)));
        assert_eq!(
            Points::from_f64(0.1 + 0.2),
            Some(Points::from_hundredths(30))
        );
        assert_eq!(Points::from_f64(1.005), None);
        assert_eq!(Points::from_f64(-1.0), None);
        assert_eq!(Points::from_f64(f64::NAN), None);
    }

    #[test]
    fn displays_shortest_form() {
        assert_eq!(Points::whole(25).to_string(), "25");
        assert_eq!(Points::from_hundredths(2550).to_string(), "25.5");
        assert_eq!(Points::from_hundredths(2525).to_string(), "25.25");
        assert_eq!(Points::from_hundredths(5).to_string(), "0.05");
    }

    #[test]
    fn serializes_whole_numbers_as_integers() {
        assert_eq!(serde_json::to_string(&Points::whole(20)).unwrap(), "20");
        assert_eq!(
            serde_json::to_string(&Points::from_hundredths(1250)).unwrap(),
            "12.5"
        );
        let back: Points = serde_json::from_str("12.5").unwrap();
        assert_eq!(back, Points::from_hundredths(1250));
    }

    #[test]
    fn step_multiples() {
        let half = Points::from_hundredths(50);
        assert!(Points::from_hundredths(1250).is_multiple_of(half));
        assert!(!Points::from_hundredths(1225).is_multiple_of(half));
        assert!(Points::whole(3).is_multiple_of(Points::ZERO));
    }
}
