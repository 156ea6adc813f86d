//! Synthetic contests, seeded and deterministic, with plausible Vietnamese
//! text: for the benchmark and the fault tests.
#![allow(dead_code)]

use jury::domain::entry::Author;
use jury::domain::{
    AwardTier, Bilingual, Contest, ContestMeta, Criterion, Entry, Judge, Marks, Points, Role,
    Round, Rubric, Sheet, SheetKey, SheetState,
};

/// A small, fast, seeded generator (xorshift64*): the same seed, the same contest.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len() as u64) as usize]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub name: &'static str,
    pub entries: usize,
    pub judges: usize,
    /// Members per entry; `None` for everyone.
    pub per_entry: Option<usize>,
}

pub const DISTRICT: Scale = Scale {
    name: "district",
    entries: 60,
    judges: 7,
    per_entry: None,
};
pub const PROVINCE: Scale = Scale {
    name: "province",
    entries: 1_000,
    judges: 15,
    per_entry: None,
};
pub const NATIONAL: Scale = Scale {
    name: "national",
    entries: 10_000,
    judges: 40,
    per_entry: Some(3),
};
pub const DENSE: Scale = Scale {
    name: "dense",
    entries: 10_000,
    judges: 25,
    per_entry: None,
};
pub const SCALES: [Scale; 4] = [DISTRICT, PROVINCE, NATIONAL, DENSE];

const ACTIONS: &[&str] = &[
    "Số hóa",
    "Liên thông",
    "Rút ngắn thời gian giải quyết",
    "Ứng dụng mã QR trong",
    "Công khai",
    "Chuẩn hóa",
    "Đơn giản hóa",
    "Một cửa, một dấu trong",
    "Tổ hỗ trợ người dân thực hiện",
    "Ký số",
];
const OBJECTS: &[&str] = &[
    "hồ sơ hộ tịch",
    "thủ tục đất đai",
    "cấp giấy phép xây dựng",
    "thu phí, lệ phí",
    "tiếp nhận phản ánh, kiến nghị",
    "dịch vụ công trực tuyến",
    "đăng ký thường trú",
    "chứng thực bản sao",
    "quyết toán ngân sách xã",
    "đánh giá công chức",
    "bảo trợ xã hội",
    "quản lý tài sản công",
];
const PLACES: &[&str] = &[
    "xã An Phú",
    "xã Tân Hòa",
    "xã Tân Hóa",
    "thị trấn Thuận Giang",
    "xã Bình Minh",
    "xã Hòa Lợi",
    "xã Phước Long",
    "xã Đông Thạnh",
    "phường Quang Trung",
    "xã Đức Thắng",
];
const UNITS: &[&str] = &[
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính – Kế hoạch",
    "Bộ phận Một cửa",
    "Văn phòng HĐND và UBND",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Kinh tế và Hạ tầng",
];
const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
];
const MIDDLE: &[&str] = &["Văn", "Thị", "Minh", "Quốc", "Thu", "Hữu", "Ngọc", "Thanh"];
const GIVEN: &[&str] = &[
    "An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hòa", "Khải", "Lan", "Long", "Mai", "Nam", "Ngân",
    "Phúc", "Thảo", "Tuấn", "Yến",
];
const FIELDS: &[&str] = &[
    "the_che",
    "tthc",
    "bo_may",
    "cong_vu",
    "tai_chinh_cong",
    "chinh_quyen_so",
];

fn name(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(SURNAMES),
        rng.pick(MIDDLE),
        rng.pick(GIVEN)
    )
}

fn rubric() -> Rubric {
    let c = |id: &str, vi: &str, en: &str, max: u32| Criterion {
        id: id.into(),
        name: Bilingual::new(vi, en),
        max: Points::whole(max),
        step: Points::whole(1),
        min_to_award: Points::ZERO,
        guide: Bilingual::new(
            "Đánh giá theo hướng dẫn của hội đồng.",
            "Judge by the council's guidance.",
        ),
        bands: vec![],
    };
    Rubric::new(vec![
        c("novelty", "Tính mới", "Novelty", 25),
        c("creativity", "Tính sáng tạo", "Creativity", 25),
        c("effectiveness", "Tính hiệu quả", "Effectiveness", 30),
        c("feasibility", "Tính khả thi", "Feasibility", 20),
    ])
}

/// A contest at `scale` with every expected sheet submitted (and a few drafts).
pub fn contest(scale: Scale, seed: u64) -> Contest {
    let mut rng = Rng::new(seed);
    let mut c = Contest::default();
    c.meta = ContestMeta {
        id: format!("synth-{}", scale.name),
        title: format!("Cuộc thi sáng kiến cải cách hành chính ({})", scale.name),
        organizer: "UBND tỉnh".into(),
        year: Some(2024),
        deadline: None,
    };
    c.rubric = rubric();
    c.rounds = vec![Round::single()];
    c.awards = [
        ("nhat", "Giải Nhất", 1, 85),
        ("nhi", "Giải Nhì", 3, 75),
        ("ba", "Giải Ba", 5, 65),
        ("khuyen_khich", "Giải Khuyến khích", 10, 50),
    ]
    .iter()
    .map(|(id, vi, n, min)| AwardTier {
        id: id.to_string(),
        name: Bilingual::new(vi, vi),
        short: None,
        count: *n,
        min_total: Points::whole(*min),
    })
    .collect();
    c.rules.tiebreak = vec!["effectiveness".into(), "novelty".into()];
    c.judges = (0..scale.judges)
        .map(|j| Judge {
            id: format!("GK{:02}", j + 1),
            name: name(&mut rng),
            role: if j == 0 { Role::Chair } else { Role::Member },
            user: None,
            unit: Some(format!("Hội đồng {j}")),
            ..Default::default()
        })
        .collect();
    c.entries = (0..scale.entries)
        .map(|e| {
            let (action, object, place) = (rng.pick(ACTIONS), rng.pick(OBJECTS), rng.pick(PLACES));
            Entry {
                id: format!("SK{:05}", e + 1),
                title: format!("{action} {object} tại {place}"),
                authors: (0..1 + rng.below(3))
                    .map(|_| Author::named(&name(&mut rng)))
                    .collect(),
                unit: format!("UBND {place}"),
                field: rng.pick(FIELDS).to_string(),
                summary: format!(
                    "Trước đây việc {object} mất nhiều thời gian. Giải pháp {} giúp người dân tại {place} tiết kiệm {} ngày; tỷ lệ hồ sơ đúng hạn đạt {}%.",
                    action.to_lowercase(),
                    1 + rng.below(10),
                    80 + rng.below(20)
                ),
                submitted: Some(format!("2024-0{}-{:02}", 3 + rng.below(5), 1 + rng.below(28))),
                ..Default::default()
            }
        })
        .collect();
    c.reindex();
    let rubric = c.rubric.clone();
    for e in 0..scale.entries {
        let entry = c.entries[e].id.clone();
        let quality = 40 + rng.below(50) as u32;
        let markers: Vec<usize> = match scale.per_entry {
            None => (0..scale.judges).collect(),
            Some(k) => (0..k).map(|i| (e * k + i) % scale.judges).collect(),
        };
        for j in markers {
            let judge = c.judges[j].id.clone();
            if let Some(k) = scale.per_entry {
                let _ = k;
                c.assignments.add("main", &entry, &judge);
            }
            let mut marks = Marks::empty(&rubric);
            for (i, cr) in rubric.criteria.iter().enumerate() {
                let max = cr.max.hundredths() / 100;
                let noise = rng.below(9) as i64 - 4;
                let p = ((i64::from(quality) * i64::from(max)) / 100 + noise)
                    .clamp(0, i64::from(max)) as u32;
                marks.set(i, Some(Points::whole(p)));
            }
            let state = if rng.below(50) == 0 {
                SheetState::Draft
            } else {
                SheetState::Submitted
            };
            c.put_sheet(Sheet {
                key: SheetKey::new("main", &entry, &judge),
                marks,
                state,
                reopened: 0,
                version: 1,
            });
        }
    }
    c
}
