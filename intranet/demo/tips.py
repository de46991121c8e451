"""Demo tips: January 2025 to today, about 60 a year, over 50 of 2025's proved valuable.

Residents' words here are made up, as are the few informants, sealed like real ones.
"""

import random
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from intranet import sealing
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Informant
from intranet.models import Tip
from intranet.models import TipCategory
from intranet.models import TipChannel
from intranet.models import TipStatus
from intranet.models import User
from intranet.models import Village
from intranet.periods import local_today
from intranet.sealing import InformantDetails

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
# The draw stays among the five channels the demo always had, so that adding VNeID moved none
# of the demo's other figures; every third message then becomes a report through VNeID.
DRAWN_CHANNELS = (
    TipChannel.in_person,
    TipChannel.phone,
    TipChannel.message,
    TipChannel.village_team,
    TipChannel.hotline,
)

SUMMARIES = {
    TipCategory.drugs: (
        "Có người lạ thường xuyên tụ tập ở rẫy cà phê cuối làng vào ban đêm, nghi sử dụng ma túy.",
        "Một thanh niên đi làm ăn xa về có biểu hiện nghiện, hay xin tiền người nhà.",
        "Phát hiện bơm kim tiêm vứt ở bãi đất trống gần trường tiểu học.",
    ),
    TipCategory.theft: (
        "Nhà dân bị mất trộm hai con bò trong đêm, dấu chân dẫn ra đường liên thôn.",
        "Mất trộm máy bơm nước tưới cà phê ở rẫy, nghi có người quen biết địa bàn.",
        "Có người rao bán xe máy không giấy tờ với giá rẻ tại quán nước đầu buôn.",
    ),
    TipCategory.gambling: (
        "Nhóm người tổ chức đánh bạc ăn tiền trong chòi rẫy vào chiều thứ bảy.",
        "Có điểm ghi lô đề tại một tiệm tạp hóa, nhiều người ra vào buổi chiều.",
    ),
    TipCategory.fights: (
        "Hai nhóm thanh niên hẹn nhau đánh nhau sau đám cưới tối nay.",
        "Mâu thuẫn giữa hai gia đình về ranh giới đất có nguy cơ xô xát.",
    ),
    TipCategory.traffic: (
        "Xe tải chở gỗ chạy quá tốc độ qua khu dân cư vào ban đêm.",
        "Nhóm thanh niên thường xuyên đua xe máy trên tỉnh lộ vào tối cuối tuần.",
    ),
    TipCategory.political_security: (
        "Có người lạ đến tuyên truyền, rủ rê bà con theo tà đạo, phát tài liệu.",
        "Có đối tượng vận động người dân vượt biên, hứa hẹn việc làm ở nước ngoài.",
    ),
    TipCategory.other: (
        "Người lạ đến hỏi mua đất rẫy với giá cao, nghi lừa đảo đặt cọc.",
        "Có người giả danh cán bộ ngân hàng gọi điện hỏi thông tin tài khoản của bà con.",
    ),
}
CATEGORY_WEIGHTS = {
    TipCategory.drugs: 14,
    TipCategory.theft: 22,
    TipCategory.gambling: 14,
    TipCategory.fights: 14,
    TipCategory.traffic: 12,
    TipCategory.political_security: 8,
    TipCategory.other: 16,
}
OUTCOMES = {
    TipStatus.valuable: (
        "Đã xác minh đúng sự việc, phối hợp xử lý kịp thời.",
        "Thông tin chính xác, đã lập biên bản và xử lý theo quy định.",
        "Đã ngăn chặn kịp thời, gọi hỏi răn đe các đối tượng.",
    ),
    TipStatus.not_valuable: ("Xác minh không có sự việc như phản ánh.",),
    TipStatus.referred: ("Vượt thẩm quyền xã, đã chuyển hồ sơ.",),
}
INFORMANT_NAMES = ("Rơ Mah Blơi", "Siu H'Luih", "Nguyễn Văn Lợi", "Ksor Tlang", "Trần Thị Nga")

TIPS_2025, VALUABLE_2025 = 62, 53
TIPS_PER_YEAR = 60


def _days(start: date, end: date, count: int, rng: random.Random) -> list[date]:
    span = (end - start).days
    return sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))


def _channel(drawn: TipChannel, index: int) -> TipChannel:
    """The drawn channel, or VNeID for every third message (residents report through VNeID)."""
    return TipChannel.vneid if drawn == TipChannel.message and index % 3 == 0 else drawn


def load_tips() -> int:
    """Add the demo tips unless there are tips already; returns how many were added."""
    if db.session.scalar(select(Tip.id).limit(1)) is not None:
        return 0
    rng = random.Random(1908)
    villages = list(db.session.scalars(select(Village).order_by(Village.code)))
    users = {u.username: u for u in db.session.scalars(select(User))}
    officers = [users["congan.truong"], users["congan.canbo"]]
    today = local_today()
    days_2025 = _days(date(2025, 1, 1), date(2025, 12, 31), TIPS_2025, rng)
    valuable_2025 = set(rng.sample(range(TIPS_2025), VALUABLE_2025))
    this_year = date(today.year, 1, 1)
    count_now = max(1, TIPS_PER_YEAR * (today - this_year).days // 365)
    days_now = _days(this_year, today, count_now, rng) if today.year > 2025 else []
    handled: list[tuple[Tip, User]] = []
    for index, received in enumerate(days_2025 + days_now):
        village = rng.choice(villages)
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        relayer = users.get(village.code) if rng.random() < 0.4 else None
        relayer = relayer or rng.choice([*officers, users["mttq"], users["phunu"]])
        age = (today - received).days
        if index < TIPS_2025:
            status = (
                TipStatus.valuable
                if index in valuable_2025
                else rng.choice((TipStatus.not_valuable, TipStatus.referred))
            )
        elif age < 7:
            status = TipStatus.received
        elif age < 25:
            status = TipStatus.verifying
        else:
            status = rng.choices(
                (TipStatus.valuable, TipStatus.not_valuable, TipStatus.referred), (85, 10, 5)
            )[0]
        tip = Tip(
            received_on=received,
            channel=_channel(rng.choice(DRAWN_CHANNELS), index),
            village=village,
            category=category,
            summary=rng.choice(SUMMARIES[category]),
            status=status,
            relayed_by=relayer,
            created_at=datetime.combine(received, time(8 + rng.randint(0, 9)), LOCAL),
        )
        if status != TipStatus.received:
            tip.handling_officer = rng.choice(officers)
        if status.is_closed:
            tip.outcome = rng.choice(OUTCOMES[status])
            tip.closed_on = min(received + timedelta(days=rng.randint(2, 20)), today)
            if status == TipStatus.referred:
                tip.referred_to = "Công an tỉnh Gia Lai"
        db.session.add(tip)
        if rng.random() < 0.15:
            details = InformantDetails(
                rng.choice(INFORMANT_NAMES), f"09{rng.randint(10**7, 10**8 - 1)}"
            )
            db.session.add(Informant(tip=tip, sealed=sealing.seal(details)))
        handled.append((tip, relayer))
    db.session.flush()  # once, for the tips' ids: a flush per tip made this the slowest part
    for tip, relayer in handled:
        _trail(tip, relayer)
    return len(handled)


def _trail(tip: Tip, relayer: User) -> None:
    """The audit events a tip handled through the app would have left (the tip has its id)."""
    db.session.add(
        AuditEvent(
            actor=relayer, action="tip_received", target_type="tip", target_id=tip.id,
            at=tip.created_at, details={},
        )
    )  # fmt: skip
    if tip.status == TipStatus.received:
        return
    moves = [(TipStatus.received, TipStatus.verifying)]
    if tip.status.is_closed:
        moves.append((TipStatus.verifying, tip.status))
    for step, (old, new) in enumerate(moves, start=1):
        db.session.add(
            AuditEvent(
                actor=tip.handling_officer,
                action="tip_moved",
                target_type="tip",
                target_id=tip.id,
                at=tip.created_at + timedelta(days=step),
                details={"status_from": old.value, "status_to": new.value},
            )
        )
