"""The demo's activity-log entries: 18 months of work by the police, the unions and the villages.

Every entry comes with the history the workflow would have written (DESIGN section 2): created
by its author, submitted, then approved or returned by the police approver `congan.truong`, who
writes none himself. Older entries are approved; the last three weeks hold drafts, a review
queue, returned entries and entries resubmitted after an edit, so every screen has something
to show. The data is made up and deterministic for a given day. No AuditEvent is written: the
audit trail records what people did, and nobody did this.

This module looks accounts and villages up in the database and never imports `intranet.demo`,
which calls it.
"""

import random
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import UTC
from typing import Literal

from flask_babel import force_locale
from sqlalchemy import select

from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import ReviewAction
from intranet.models import ReviewEvent
from intranet.models import User
from intranet.models import Village
from intranet.periods import local_today

SEED = 2025
# Eighteen months of 30 days, so that every date stays inside the last 18 calendar months.
WINDOW_DAYS = 540
# Entries older than this are settled (approved); the newer ones are still moving.
RECENT_DAYS = 21
APPROVER = "congan.truong"
COMMUNE = "xã Ia Krai"

# How an entry's story goes: approved after a return is "reapproved".
Plan = Literal["draft", "submitted", "returned", "resubmitted", "approved", "reapproved"]

# Days each story may take from the activity to its last step, so it ends before today.
PLAN_SPAN: dict[str, int] = {
    "draft": 2,
    "submitted": 4,
    "returned": 7,
    "resubmitted": 9,
    "approved": 9,
    "reapproved": 14,
}


@dataclass(frozen=True)
class Activity:
    """A kind of work an organization records: title, sentences, head count and where."""

    kind: LogKind
    title: str
    # The first sentence always opens the description; some of the others follow it.
    sentences: tuple[str, ...]
    participants: tuple[int, int]
    # "village", "commune", or "either" (commune-wide half of the time).
    place: str = "either"
    weight: int = 1


DRUGS = Activity(
    LogKind.propaganda,
    "Tuyên truyền phòng, chống ma túy tại {place}",
    (
        "Công an xã phối hợp Ban tự quản tổ chức tuyên truyền về tác hại của ma túy, nhất là "
        "ma túy tổng hợp và ma túy trá hình trong thuốc lá điện tử.",
        "Cán bộ giới thiệu các thủ đoạn lôi kéo thanh thiếu niên sử dụng trái phép chất ma túy.",
        "Người dân được hướng dẫn cách nhận biết và tố giác hành vi mua bán, sử dụng ma túy.",
        "Phát 200 tờ rơi tuyên truyền bằng tiếng Việt và tiếng Jrai.",
    ),
    (30, 150),
    weight=3,
)
RESIDENCE = Activity(
    LogKind.propaganda,
    "Tuyên truyền Luật Cư trú và hướng dẫn đăng ký cư trú tại {place}",
    (
        "Phổ biến các quy định của Luật Cư trú về đăng ký thường trú, tạm trú và thông báo "
        "lưu trú.",
        "Hướng dẫn người dân làm thủ tục trên Cổng dịch vụ công và ứng dụng VNeID.",
        "Giải đáp thắc mắc về thay đổi thông tin cư trú khi tách hộ, nhập hộ.",
        "Nhắc các hộ có người đi làm ăn xa khai báo tạm vắng theo quy định.",
    ),
    (20, 100),
    weight=2,
)
FRAUD = Activity(
    LogKind.propaganda,
    "Tuyên truyền phòng, chống lừa đảo trên không gian mạng tại {place}",
    (
        "Cảnh báo các thủ đoạn lừa đảo qua điện thoại và mạng xã hội: giả danh công an, tòa án, "
        "tuyển cộng tác viên bán hàng trực tuyến, cho vay qua ứng dụng.",
        "Khuyến cáo người dân không cung cấp mã OTP, không bấm vào đường link lạ và không "
        "chuyển tiền cho người chưa rõ danh tính.",
        "Hướng dẫn cách báo tin cho Công an xã khi nghi ngờ bị lừa đảo.",
        "Nêu hai vụ việc người dân trong tỉnh bị chiếm đoạt tiền qua mạng để bà con rút "
        "kinh nghiệm.",
    ),
    (30, 150),
    weight=3,
)
TRAFFIC = Activity(
    LogKind.propaganda,
    "Tuyên truyền an toàn giao thông tại {place}",
    (
        "Tuyên truyền quy định về đội mũ bảo hiểm và không điều khiển phương tiện sau khi "
        "uống rượu, bia.",
        "Nhắc phụ huynh không giao xe máy cho con em chưa đủ tuổi điều khiển.",
        "Hướng dẫn chở nông sản, vật tư bằng xe máy, xe công nông đúng quy định.",
        "Trao 50 mũ bảo hiểm cho học sinh có hoàn cảnh khó khăn.",
    ),
    (30, 150),
    weight=2,
)
WEAPONS = Activity(
    LogKind.propaganda,
    "Vận động giao nộp vũ khí, vật liệu nổ tại {place}",
    (
        "Phổ biến quy định về quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ.",
        "Vận động người dân tự giác giao nộp súng tự chế, súng kíp và vật liệu nổ còn cất giữ.",
        "Sau buổi tuyên truyền, người dân tự nguyện giao nộp 2 khẩu súng tự chế.",
    ),
    (20, 100),
)
NIGHT_PATROL = Activity(
    LogKind.patrol,
    "Tuần tra ban đêm tại {place}",
    (
        "Tổ bảo vệ an ninh, trật tự tuần tra các tuyến đường chính và khu vực rẫy từ 21 giờ "
        "đến 23 giờ 30.",
        "Tình hình an ninh, trật tự ổn định, không phát hiện vụ việc bất thường.",
        "Nhắc nhở một nhóm thanh niên tụ tập uống rượu khuya, gây ồn ào.",
        "Kiểm tra khu vực nhà văn hóa và các điểm dễ xảy ra trộm cắp vật nuôi.",
    ),
    (3, 8),
    place="village",
    weight=6,
)
HARVEST_PATROL = Activity(
    LogKind.patrol,
    "Tuần tra bảo vệ nông sản mùa thu hoạch tại {place}",
    (
        "Tăng cường tuần tra tại khu vực rẫy và kho chứa cà phê để phòng, chống trộm cắp nông sản.",
        "Vận động các hộ bố trí người trông coi, không để cà phê phơi qua đêm ngoài rẫy.",
        "Không xảy ra vụ trộm cắp nông sản trong thời gian tuần tra.",
    ),
    (3, 8),
    place="village",
    weight=3,
)
HOLIDAY_PATROL = Activity(
    LogKind.patrol,
    "Tuần tra, giữ gìn trật tự dịp lễ, Tết tại {place}",
    (
        "Tổ bảo vệ an ninh, trật tự bố trí lực lượng trực và tuần tra trong những ngày lễ, Tết.",
        "Nhắc nhở người dân không đốt pháo, không điều khiển xe sau khi uống rượu, bia.",
        "Không để xảy ra đánh nhau, gây rối trật tự công cộng.",
    ),
    (3, 8),
    place="village",
    weight=2,
)
JOINT_PATROL = Activity(
    LogKind.patrol,
    "Phối hợp Công an xã tuần tra, kiểm soát tại {place}",
    (
        "Công an xã phối hợp Tổ bảo vệ an ninh, trật tự tuần tra các tuyến đường liên thôn "
        "từ 21 giờ đến 24 giờ.",
        "Kiểm tra hành chính 3 trường hợp người lạ đến địa bàn, không phát hiện vi phạm.",
        "Nhắc nhở 2 trường hợp điều khiển xe máy không đội mũ bảo hiểm.",
        "Tình hình an ninh, trật tự trên địa bàn ổn định.",
    ),
    (4, 8),
    place="village",
    weight=2,
)
SECURITY_TRAINING = Activity(
    LogKind.training,
    "Tập huấn nghiệp vụ cho Tổ bảo vệ an ninh, trật tự",
    (
        "Bồi dưỡng kiến thức pháp luật và kỹ năng tuần tra, kiểm soát cho thành viên các tổ "
        "bảo vệ an ninh, trật tự của 36 làng, thôn.",
        "Phổ biến Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở năm 2023 và chế độ, "
        "chính sách đối với thành viên tổ.",
        "Thực hành xử lý tình huống gây rối trật tự công cộng và sử dụng công cụ hỗ trợ.",
        "Cuối lớp, học viên làm bài kiểm tra, 100% đạt yêu cầu.",
    ),
    (30, 120),
    place="commune",
    weight=2,
)
INFORMATION_TRAINING = Activity(
    LogKind.training,
    "Tập huấn kỹ năng nắm tình hình, tiếp nhận tin báo ở cơ sở",
    (
        "Hướng dẫn thành viên các tổ bảo vệ an ninh, trật tự cách nắm tình hình, ghi chép và "
        "báo cáo kịp thời cho Công an xã.",
        "Trao đổi kinh nghiệm giữ bí mật cho người cung cấp thông tin.",
        "Giới thiệu cách phối hợp khi xảy ra trộm cắp tài sản, đánh nhau.",
    ),
    (30, 120),
    place="commune",
)
FIRE_TRAINING = Activity(
    LogKind.training,
    "Tập huấn phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    (
        "Hướng dẫn kiến thức phòng cháy, chữa cháy rừng, rẫy trong mùa khô.",
        "Thực hành sử dụng bình chữa cháy và các dụng cụ chữa cháy tại chỗ.",
        "Phân công lực lượng thường trực tại các làng giáp rừng.",
    ),
    (25, 100),
    place="commune",
)
POLICE_PLEDGE = Activity(
    LogKind.pledge,
    "Ký cam kết thi đua thực hiện phong trào Toàn dân bảo vệ an ninh Tổ quốc năm {year}",
    (
        "Công an xã phát động thi đua và ký cam kết với các làng, thôn về giữ gìn an ninh, "
        "trật tự.",
        "Các tổ bảo vệ an ninh, trật tự cam kết duy trì tuần tra, nắm chắc tình hình địa bàn.",
        "Phấn đấu không để xảy ra tội phạm nghiêm trọng và tụ tập đông người trái pháp luật.",
    ),
    (30, 100),
    place="commune",
)
POPULATION_DATA = Activity(
    LogKind.other,
    "Rà soát, cập nhật dữ liệu dân cư tại {place}",
    (
        "Rà soát, làm sạch dữ liệu dân cư, bổ sung thông tin còn thiếu của các hộ gia đình.",
        "Hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức 2.",
        "Thu nhận hồ sơ cấp căn cước cho người dân chưa làm.",
    ),
    (4, 20),
    place="village",
)
RESIDENTS_MEETING = Activity(
    LogKind.other,
    "Họp dân bàn biện pháp giữ gìn an ninh, trật tự tại {place}",
    (
        "Thông báo tình hình an ninh, trật tự trên địa bàn thời gian qua.",
        "Người dân đề xuất lắp đèn chiếu sáng tại các đoạn đường tối.",
        "Thống nhất quy ước không tụ tập uống rượu sau 22 giờ.",
    ),
    (30, 120),
    place="village",
)
FRONT_MOVEMENT = Activity(
    LogKind.propaganda,
    "Hội nghị tuyên truyền phong trào Toàn dân bảo vệ an ninh Tổ quốc tại {place}",
    (
        "Ủy ban MTTQ xã phối hợp Công an xã tuyên truyền về ý nghĩa của phong trào và Ngày hội "
        "toàn dân bảo vệ an ninh Tổ quốc 19/8.",
        "Vận động nhân dân tích cực cung cấp thông tin về tội phạm cho cơ quan công an.",
        "Biểu dương các gia đình tiêu biểu trong phong trào.",
    ),
    (40, 150),
    weight=2,
)
ELDERLY_FRAUD = Activity(
    LogKind.propaganda,
    "Tuyên truyền phòng, chống lừa đảo qua mạng cho người cao tuổi tại {place}",
    (
        "Giới thiệu các cuộc gọi giả danh con cháu gặp nạn, giả danh nhân viên bảo hiểm xã hội "
        "để chiếm đoạt tiền.",
        "Hướng dẫn người cao tuổi gọi lại cho người thân trước khi chuyển tiền.",
        "Phát tờ rơi có số điện thoại trực ban của Công an xã.",
    ),
    (20, 80),
)
DEMOCRACY = Activity(
    LogKind.propaganda,
    "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở tại {place}",
    (
        "Phổ biến những nội dung người dân được biết, được bàn, được quyết định và được "
        "kiểm tra, giám sát.",
        "Hướng dẫn cách góp ý vào quy ước, hương ước của làng, thôn.",
    ),
    (30, 120),
)
FRONT_PLEDGE = Activity(
    LogKind.pledge,
    "Phát động thi đua xây dựng khu dân cư an toàn về an ninh, trật tự tại {place}",
    (
        "Ủy ban MTTQ xã phát động các hộ gia đình đăng ký thi đua xây dựng khu dân cư an toàn.",
        "Các hộ ký cam kết không có người thân vi phạm pháp luật và tệ nạn xã hội.",
        "Trưởng ban công tác Mặt trận được giao theo dõi, đánh giá cuối năm.",
    ),
    (30, 150),
    weight=2,
)
COORDINATION = Activity(
    LogKind.pledge,
    "Ký kết quy chế phối hợp giữa Ủy ban MTTQ xã và Công an xã năm {year}",
    (
        "Hai bên ký quy chế phối hợp trong công tác bảo đảm an ninh, trật tự và xây dựng "
        "phong trào Toàn dân bảo vệ an ninh Tổ quốc.",
        "Thống nhất giao ban định kỳ hằng quý.",
    ),
    (20, 40),
    place="commune",
)
GIFTS = Activity(
    LogKind.support,
    "Trao quà cho hộ nghèo, hộ chính sách tại {place}",
    (
        "Trao 20 suất quà gồm gạo, dầu ăn và nhu yếu phẩm cho hộ nghèo, hộ chính sách.",
        "Quà do các doanh nghiệp trên địa bàn và các nhà hảo tâm tài trợ, mỗi suất trị giá "
        "500.000 đồng.",
        "Thăm hỏi, động viên các gia đình vươn lên thoát nghèo.",
    ),
    (10, 60),
    weight=2,
)
SOLIDARITY_HOUSE = Activity(
    LogKind.support,
    "Bàn giao nhà Đại đoàn kết cho hộ nghèo tại {place}",
    (
        "Ủy ban MTTQ xã bàn giao nhà Đại đoàn kết trị giá 60 triệu đồng cho một hộ nghèo.",
        "Đoàn viên, hội viên các đoàn thể hỗ trợ ngày công xây dựng.",
    ),
    (15, 50),
    place="village",
)
HALF_YEAR_REVIEW = Activity(
    LogKind.other,
    "Hội nghị sơ kết phong trào Toàn dân bảo vệ an ninh Tổ quốc",
    (
        "Đánh giá kết quả thực hiện phong trào và các mô hình tự quản ở làng, thôn.",
        "Tội phạm, tệ nạn xã hội và tai nạn giao thông giảm so với cùng kỳ năm trước.",
        "Đề ra nhiệm vụ trọng tâm cho thời gian tới.",
    ),
    (30, 80),
    place="commune",
)
RULES_SUPERVISION = Activity(
    LogKind.other,
    "Giám sát việc thực hiện quy ước, hương ước tại {place}",
    (
        "Ban Thanh tra nhân dân giám sát việc thực hiện quy ước, hương ước của làng, thôn.",
        "Đề nghị bổ sung nội dung về phòng, chống tảo hôn vào quy ước.",
    ),
    (8, 25),
    place="village",
)
WOMEN_CLUB = Activity(
    LogKind.club,
    "Sinh hoạt CLB phụ nữ không có người thân phạm tội và tệ nạn xã hội tại {place}",
    (
        "Hội viên trao đổi kinh nghiệm giáo dục con em tránh xa ma túy, cờ bạc và rượu, bia.",
        "Cán bộ Công an xã nói chuyện về phòng, chống mua bán người.",
        "Các hội viên ký cam kết không để người thân vi phạm pháp luật.",
        "Kết nạp thêm 5 thành viên mới cho câu lạc bộ.",
    ),
    (20, 60),
    weight=4,
)
WOMEN_CLUB_VIOLENCE = Activity(
    LogKind.club,
    "Sinh hoạt CLB phụ nữ không có người thân phạm tội và tệ nạn xã hội: phòng, chống bạo "
    "lực gia đình",
    (
        "Chị em thảo luận các tình huống bạo lực gia đình thường gặp và cách ứng xử.",
        "Giới thiệu địa chỉ tin cậy ở cộng đồng để hỗ trợ người bị bạo lực.",
        "Trưởng thôn cam kết phối hợp can thiệp kịp thời khi có vụ việc.",
    ),
    (20, 60),
    weight=2,
)
CHILD_MARRIAGE = Activity(
    LogKind.propaganda,
    "Tuyên truyền phòng, chống tảo hôn và hôn nhân cận huyết thống tại {place}",
    (
        "Phổ biến quy định về tuổi kết hôn và hậu quả của tảo hôn, hôn nhân cận huyết thống.",
        "Già làng, người có uy tín cùng tham gia vận động các gia đình.",
        "Các hộ có con em trong độ tuổi thanh niên ký cam kết không tảo hôn.",
    ),
    (20, 80),
    weight=2,
)
TRAFFICKING = Activity(
    LogKind.propaganda,
    "Tuyên truyền phòng, chống mua bán người tại {place}",
    (
        "Cảnh báo thủ đoạn lừa đi làm việc nhẹ lương cao ở nước ngoài.",
        "Hướng dẫn chị em giữ liên lạc với người thân khi đi làm ăn xa.",
        "Phát tờ rơi có số đường dây nóng 111.",
    ),
    (20, 80),
)
WOMEN_CREDIT = Activity(
    LogKind.support,
    "Trao vốn hỗ trợ phụ nữ nghèo phát triển kinh tế tại {place}",
    (
        "Hội Phụ nữ xã trao vốn vay ưu đãi cho hội viên nghèo chăn nuôi bò, trồng cà phê.",
        "Hướng dẫn hội viên lập kế hoạch sử dụng vốn đúng mục đích.",
    ),
    (10, 40),
    weight=2,
)
CHILDREN_GIFTS = Activity(
    LogKind.support,
    "Thăm, tặng quà trẻ em có hoàn cảnh khó khăn tại {place}",
    (
        "Tặng 30 suất quà gồm sách vở, quần áo ấm cho trẻ em có hoàn cảnh khó khăn.",
        "Động viên phụ huynh cho con em đến trường đầy đủ.",
    ),
    (15, 50),
)
CLEAN_HOMES = Activity(
    LogKind.other,
    "Ra quân vệ sinh môi trường, xây dựng gia đình 5 không 3 sạch tại {place}",
    (
        "Hội viên dọn vệ sinh đường làng, khơi thông cống rãnh và thu gom rác thải.",
        "Hướng dẫn các hộ làm chuồng trại chăn nuôi cách xa nhà ở.",
    ),
    (20, 80),
    place="village",
)
YOUTH_CLUB = Activity(
    LogKind.club,
    "Sinh hoạt CLB thanh niên với pháp luật tại {place}",
    (
        "Đoàn viên, thanh niên tìm hiểu quy định xử phạt vi phạm nồng độ cồn khi tham gia "
        "giao thông.",
        "Tổ chức thi hỏi đáp pháp luật có thưởng.",
        "Cán bộ Công an xã giải đáp câu hỏi về thủ đoạn lừa đảo tuyển dụng việc làm.",
    ),
    (20, 80),
    weight=4,
)
YOUTH_CLUB_ONLINE = Activity(
    LogKind.club,
    "Sinh hoạt CLB thanh niên với pháp luật: an toàn trên không gian mạng",
    (
        "Hướng dẫn đoàn viên bảo mật tài khoản mạng xã hội và nhận biết tin giả.",
        "Thảo luận về trách nhiệm khi chia sẻ thông tin trên mạng xã hội.",
        "Đoàn viên cam kết không đăng tải, chia sẻ thông tin sai sự thật.",
    ),
    (20, 80),
    place="commune",
    weight=2,
)
YOUTH_DRUGS = Activity(
    LogKind.propaganda,
    "Tuyên truyền phòng, chống ma túy trong đoàn viên, thanh niên tại {place}",
    (
        "Đoàn xã phối hợp Công an xã tuyên truyền về tác hại của ma túy và thuốc lá điện tử.",
        "Tổ chức cho đoàn viên xem phim tư liệu về phòng, chống ma túy.",
        "Đoàn viên ký cam kết nói không với ma túy.",
    ),
    (30, 150),
    weight=2,
)
YOUTH_TRAFFIC = Activity(
    LogKind.propaganda,
    "Tuyên truyền an toàn giao thông cho học sinh, thanh niên tại {place}",
    (
        "Tuyên truyền quy định về đội mũ bảo hiểm đúng cách và không phóng nhanh, lạng lách.",
        "Tổ chức trò chơi tìm hiểu biển báo giao thông cho học sinh.",
    ),
    (30, 150),
)
YOUTH_VOLUNTEERS = Activity(
    LogKind.support,
    "Tình nguyện sửa nhà cho hộ nghèo tại {place}",
    (
        "Đoàn viên thanh niên hỗ trợ ngày công sửa mái nhà, làm lại vách cho hộ nghèo.",
        "Trao tặng gạo và nhu yếu phẩm cho gia đình.",
    ),
    (10, 30),
    place="village",
)
SCHOLARSHIPS = Activity(
    LogKind.support,
    "Trao học bổng cho học sinh nghèo vượt khó",
    (
        "Đoàn xã trao 15 suất học bổng, mỗi suất 1.000.000 đồng, cho học sinh nghèo vượt khó.",
        "Học bổng do các doanh nghiệp trên địa bàn tài trợ.",
    ),
    (20, 60),
    place="commune",
)
FIRST_AID = Activity(
    LogKind.training,
    "Tập huấn kỹ năng sơ cấp cứu cho đoàn viên, thanh niên",
    (
        "Hướng dẫn sơ cứu người bị tai nạn giao thông, đuối nước và điện giật.",
        "Đoàn viên thực hành băng bó, cố định xương gãy.",
    ),
    (20, 60),
    place="commune",
)
STREET_LIGHTS = Activity(
    LogKind.other,
    "Ra quân thắp sáng đường quê tại {place}",
    (
        "Đoàn viên, thanh niên lắp đặt 30 bóng đèn chiếu sáng trên các tuyến đường tối.",
        "Công trình góp phần phòng ngừa trộm cắp và tai nạn giao thông ban đêm.",
    ),
    (15, 50),
    place="village",
)
YOUTH_SHOCK_TEAM = Activity(
    LogKind.other,
    "Thành lập đội thanh niên xung kích giữ gìn an ninh, trật tự tại {place}",
    (
        "Ra mắt đội thanh niên xung kích gồm 12 đoàn viên.",
        "Đội phối hợp Tổ bảo vệ an ninh, trật tự tuần tra vào các tối cuối tuần.",
    ),
    (15, 40),
    place="village",
)
LAND_BOUNDARY = Activity(
    LogKind.mediation,
    "Hòa giải tranh chấp ranh giới đất rẫy tại {place}",
    (
        "Tổ hòa giải phối hợp cán bộ Tư pháp xã hòa giải vụ tranh chấp ranh giới đất rẫy giữa "
        "hai hộ gia đình.",
        "Sau khi đối chiếu giấy chứng nhận quyền sử dụng đất và nghe ý kiến người có uy tín, "
        "hai bên thống nhất cắm lại mốc ranh giới.",
        "Hòa giải thành, các bên ký biên bản.",
    ),
    (4, 15),
    place="village",
    weight=3,
)
NEIGHBOURS = Activity(
    LogKind.mediation,
    "Hòa giải mâu thuẫn giữa hai hộ hàng xóm tại {place}",
    (
        "Hai hộ gia đình phát sinh mâu thuẫn do gia súc phá hoại hoa màu.",
        "Tổ hòa giải phân tích, thuyết phục; hộ có gia súc đồng ý bồi thường thiệt hại.",
        "Hòa giải thành, hai gia đình vui vẻ trở lại.",
    ),
    (4, 12),
    place="village",
    weight=3,
)
SHARED_PATH = Activity(
    LogKind.mediation,
    "Hòa giải tranh chấp lối đi chung tại {place}",
    (
        "Tổ hòa giải làm việc với ba hộ gia đình tranh chấp lối đi chung ra rẫy.",
        "Hai bên chưa thống nhất; tổ hòa giải tiếp tục vận động trong tuần tới.",
        "Hướng dẫn các bên đề nghị UBND xã giải quyết nếu hòa giải không thành.",
    ),
    (4, 12),
    place="village",
)
FAMILY = Activity(
    LogKind.mediation,
    "Hòa giải mâu thuẫn gia đình tại {place}",
    (
        "Tổ hòa giải phối hợp Chi hội Phụ nữ vận động hai vợ chồng hàn gắn sau mâu thuẫn "
        "do rượu, bia.",
        "Người chồng cam kết không uống rượu, không có hành vi bạo lực.",
    ),
    (3, 10),
    place="village",
    weight=2,
)
LAND_LAW = Activity(
    LogKind.propaganda,
    "Phổ biến, giáo dục pháp luật về đất đai tại {place}",
    (
        "Phổ biến những điểm mới của Luật Đất đai năm 2024 về cấp giấy chứng nhận quyền sử "
        "dụng đất.",
        "Giải đáp thắc mắc của người dân về chuyển nhượng, tặng cho đất rẫy.",
        "Phát tài liệu hỏi đáp pháp luật cho các hộ gia đình.",
    ),
    (30, 120),
    weight=2,
)
MEDIATION_LAW = Activity(
    LogKind.propaganda,
    "Phổ biến Luật Hòa giải ở cơ sở và kỹ năng hòa giải tại {place}",
    (
        "Giới thiệu trình tự hòa giải và vai trò của tổ hòa giải ở làng, thôn.",
        "Trao đổi kinh nghiệm hòa giải tranh chấp đất đai, mâu thuẫn gia đình.",
    ),
    (20, 60),
)
FAMILY_LAW = Activity(
    LogKind.propaganda,
    "Tuyên truyền Luật Hôn nhân và gia đình tại {place}",
    (
        "Phổ biến quy định về đăng ký kết hôn, tuổi kết hôn và quyền, nghĩa vụ của vợ chồng.",
        "Vận động các cặp chung sống như vợ chồng đến UBND xã đăng ký kết hôn.",
    ),
    (20, 100),
)
LEGAL_AID = Activity(
    LogKind.other,
    "Trợ giúp pháp lý lưu động tại {place}",
    (
        "Phối hợp Trung tâm Trợ giúp pháp lý nhà nước tỉnh tư vấn pháp luật miễn phí cho "
        "người dân.",
        "Tiếp nhận và giải đáp 12 vụ việc về đất đai, thừa kế, hôn nhân.",
    ),
    (20, 60),
    place="village",
)
MEDIATOR_TRAINING = Activity(
    LogKind.training,
    "Tập huấn kỹ năng hòa giải cho hòa giải viên cơ sở",
    (
        "Bồi dưỡng kỹ năng hòa giải cho hòa giải viên của 36 tổ hòa giải.",
        "Xử lý tình huống mẫu về tranh chấp đất đai và mâu thuẫn gia đình.",
    ),
    (30, 80),
    place="commune",
)
VILLAGE_DRUGS = Activity(
    LogKind.propaganda,
    "Họp dân tuyên truyền phòng, chống ma túy tại {place}",
    (
        "Tổ bảo vệ an ninh, trật tự phối hợp trưởng thôn, làng tuyên truyền về tác hại của ma túy.",
        "Nhắc các gia đình quản lý con em, không để bị rủ rê sử dụng ma túy.",
    ),
    (20, 120),
)
VILLAGE_FRAUD = Activity(
    LogKind.propaganda,
    "Họp dân tuyên truyền phòng, chống lừa đảo qua mạng tại {place}",
    (
        "Thông tin cho người dân về các thủ đoạn lừa đảo qua điện thoại, mạng xã hội.",
        "Nhắc bà con không cung cấp mã OTP, không chuyển tiền cho người lạ.",
    ),
    (20, 120),
)
VILLAGE_TRAFFIC = Activity(
    LogKind.propaganda,
    "Tuyên truyền an toàn giao thông tại {place}",
    (
        "Nhắc người dân đội mũ bảo hiểm, không điều khiển xe sau khi uống rượu, bia.",
        "Vận động các hộ không phơi nông sản trên đường giao thông.",
    ),
    (20, 120),
)
VILLAGE_RESIDENCE = Activity(
    LogKind.propaganda,
    "Tuyên truyền Luật Cư trú tại {place}",
    (
        "Hướng dẫn người dân khai báo tạm trú, tạm vắng khi đi làm ăn xa hoặc có khách đến ở.",
        "Nhắc các hộ cho thuê nhà thông báo lưu trú cho Công an xã.",
    ),
    (20, 120),
)
HOUSEHOLD_PLEDGE = Activity(
    LogKind.pledge,
    "Ký cam kết hộ gia đình không vi phạm pháp luật tại {place}",
    (
        "Các hộ gia đình ký cam kết không có người thân vi phạm pháp luật và tệ nạn xã hội.",
        "Tổ bảo vệ an ninh, trật tự theo dõi việc thực hiện cam kết.",
    ),
    (20, 120),
)
VILLAGE_MEDIATION = Activity(
    LogKind.mediation,
    "Phối hợp tổ hòa giải giải quyết mâu thuẫn giữa hai hộ tại {place}",
    (
        "Tổ bảo vệ an ninh, trật tự phối hợp tổ hòa giải làm việc với hai hộ có mâu thuẫn "
        "do tranh chấp nguồn nước tưới.",
        "Hai bên thống nhất chia lịch lấy nước, hòa giải thành.",
    ),
    (3, 10),
    place="village",
)
TEAM_MEETING = Activity(
    LogKind.other,
    "Họp Tổ bảo vệ an ninh, trật tự đánh giá tình hình tại {place}",
    (
        "Tổ họp đánh giá tình hình an ninh, trật tự trong tháng và phân công lịch tuần tra.",
        "Thống nhất báo cáo Công an xã về các hộ có người đi làm ăn xa.",
    ),
    (3, 8),
    place="village",
)
LOST_CATTLE = Activity(
    LogKind.other,
    "Hỗ trợ người dân tìm gia súc thất lạc tại {place}",
    (
        "Tổ bảo vệ an ninh, trật tự cùng người dân tìm kiếm 2 con bò bị thất lạc trong rẫy.",
        "Đã tìm thấy và trao trả cho chủ hộ.",
    ),
    (3, 8),
    place="village",
)
HARVEST_HELP = Activity(
    LogKind.support,
    "Giúp hộ nghèo thu hoạch cà phê tại {place}",
    (
        "Thành viên Tổ bảo vệ an ninh, trật tự hỗ trợ ngày công thu hoạch cà phê cho hộ nghèo.",
        "Gia đình thu hoạch xong trước mùa mưa.",
    ),
    (5, 15),
    place="village",
)

# What each writing account records, weighted; festivals are scheduled around 19 August.
ACTIVITIES: dict[str, tuple[Activity, ...]] = {
    "police": (
        DRUGS,
        RESIDENCE,
        FRAUD,
        TRAFFIC,
        WEAPONS,
        JOINT_PATROL,
        SECURITY_TRAINING,
        INFORMATION_TRAINING,
        FIRE_TRAINING,
        POLICE_PLEDGE,
        POPULATION_DATA,
        RESIDENTS_MEETING,
    ),
    "mttq": (
        FRONT_MOVEMENT,
        ELDERLY_FRAUD,
        DEMOCRACY,
        FRONT_PLEDGE,
        COORDINATION,
        GIFTS,
        SOLIDARITY_HOUSE,
        HALF_YEAR_REVIEW,
        RULES_SUPERVISION,
    ),
    "phunu": (
        WOMEN_CLUB,
        WOMEN_CLUB_VIOLENCE,
        CHILD_MARRIAGE,
        TRAFFICKING,
        FRAUD,
        WOMEN_CREDIT,
        CHILDREN_GIFTS,
        CLEAN_HOMES,
    ),
    "doanthanhnien": (
        YOUTH_CLUB,
        YOUTH_CLUB_ONLINE,
        YOUTH_DRUGS,
        YOUTH_TRAFFIC,
        YOUTH_VOLUNTEERS,
        SCHOLARSHIPS,
        FIRST_AID,
        STREET_LIGHTS,
        YOUTH_SHOCK_TEAM,
    ),
    "tuphap": (
        LAND_BOUNDARY,
        NEIGHBOURS,
        SHARED_PATH,
        FAMILY,
        LAND_LAW,
        MEDIATION_LAW,
        FAMILY_LAW,
        LEGAL_AID,
        MEDIATOR_TRAINING,
    ),
    "village": (
        NIGHT_PATROL,
        HARVEST_PATROL,
        HOLIDAY_PATROL,
        VILLAGE_DRUGS,
        VILLAGE_FRAUD,
        VILLAGE_TRAFFIC,
        VILLAGE_RESIDENCE,
        HOUSEHOLD_PLEDGE,
        VILLAGE_MEDIATION,
        TEAM_MEETING,
        LOST_CATTLE,
        HARVEST_HELP,
    ),
}

FESTIVALS: dict[str, Activity] = {
    "police": Activity(
        LogKind.festival,
        "Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year}",
        (
            "Công an xã tham mưu Đảng ủy, UBND xã tổ chức Ngày hội toàn dân bảo vệ an ninh "
            "Tổ quốc với phần lễ và phần hội.",
            "Báo cáo kết quả phong trào: tội phạm, tệ nạn xã hội và tai nạn giao thông giảm rõ "
            "so với cùng kỳ.",
            "{awards}",
            "Phần hội có văn nghệ, cồng chiêng và thi đấu bóng chuyền giữa các làng, thôn.",
        ),
        (100, 150),
        place="commune",
    ),
    "mttq": Activity(
        LogKind.festival,
        "Phối hợp tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year}",
        (
            "Ủy ban MTTQ xã phối hợp Công an xã tổ chức Ngày hội tại Hội trường UBND xã.",
            "Vận động các doanh nghiệp trên địa bàn trao quà cho hộ nghèo, hộ chính sách.",
            "Biểu dương các gương điển hình trong phong trào ở khu dân cư.",
        ),
        (80, 150),
        place="commune",
    ),
    "doanthanhnien": Activity(
        LogKind.festival,
        "Đoàn viên tham gia Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year}",
        (
            "Đoàn xã dàn dựng tiết mục văn nghệ và tổ chức giải bóng đá thanh niên chào mừng "
            "Ngày hội.",
            "Đội thanh niên xung kích hỗ trợ giữ gìn trật tự trong suốt buổi lễ.",
        ),
        (40, 120),
        place="commune",
    ),
    "village": Activity(
        LogKind.festival,
        "Ngày hội toàn dân bảo vệ an ninh Tổ quốc tại {place} năm {year}",
        (
            "Nhân dân cùng Tổ bảo vệ an ninh, trật tự tổ chức Ngày hội toàn dân bảo vệ an ninh "
            "Tổ quốc.",
            "Biểu dương các hộ gia đình tiêu biểu, ký cam kết không có người thân vi phạm "
            "pháp luật.",
            "Phần hội có văn nghệ, bóng chuyền và kéo co.",
        ),
        (40, 150),
        place="village",
    ),
}

AWARDS_2025 = (
    "Chủ tịch UBND xã tặng giấy khen cho 3 tập thể và 9 cá nhân; Công an tỉnh tặng quà cho "
    "7 cá nhân; các doanh nghiệp trên địa bàn trao 50 suất quà cho hộ nghèo, hộ chính sách."
)
AWARDS = (
    "Chủ tịch UBND xã tặng giấy khen cho các tập thể, cá nhân có thành tích xuất sắc trong "
    "phong trào."
)

# The police approver's reasons, each with the part of the entry the author then fixes.
RETURN_REASONS: tuple[tuple[str, str], ...] = (
    ("Thiếu số người tham gia, đề nghị bổ sung.", "participants"),
    ("Ngày tổ chức chưa đúng, đề nghị kiểm tra lại.", "date"),
    ("Nội dung quá sơ sài, đề nghị bổ sung kết quả.", "results"),
    ("Đề nghị ghi rõ thành phần tham gia.", "attendees"),
)
ATTENDEES = (
    "Thành phần tham gia gồm đại diện chính quyền, các đoàn thể, người có uy tín và nhân dân "
    "trên địa bàn."
)

# username, what it writes, entries older than three weeks, the newer entries' stories
UNION_AUTHORS: tuple[tuple[str, str, int, tuple[Plan, ...]], ...] = (
    ("congan.canbo", "police", 46, ("submitted", "returned", "draft", "approved")),
    ("mttq", "mttq", 26, ("submitted", "resubmitted", "returned", "draft")),
    ("phunu", "phunu", 31, ("submitted", "returned", "resubmitted", "approved")),
    ("doanthanhnien", "doanthanhnien", 31, ("submitted", "returned", "draft", "approved")),
    ("tuphap", "tuphap", 31, ("submitted", "returned", "draft", "submitted")),
)
VILLAGE_ACCOUNTS = tuple(f"lang{number:02d}" for number in range(1, 37))
# Older entries per village account, and the stories of a dozen villages' newer entries.
VILLAGE_OLD_ENTRIES = (5, 7)
VILLAGE_RECENT_PLANS: tuple[Plan, ...] = (
    "submitted",
    "submitted",
    "submitted",
    "submitted",
    "returned",
    "returned",
    "draft",
    "draft",
    "draft",
    "approved",
    "approved",
    "resubmitted",
)
# Share of older entries that were returned once before being approved.
REAPPROVED_SHARE = 0.05


@dataclass
class _Builder:
    """Builds entries and their histories in memory, ready to be added in one go."""

    rng: random.Random
    approver_id: int
    village_names: dict[int, str]
    horizon: date
    entries: list[ActivityLog]
    events: list[ReviewEvent]

    def build(self, author: User, activity: Activity, day: date, plan: Plan) -> None:
        """One entry told through `plan`, with a history step for every change."""
        rng = self.rng
        village_id = self._village_for(author, activity)
        place = self.village_names[village_id] if village_id else COMMUNE
        values = {"place": place, "year": day.year, "awards": _awards(day.year)}
        lead, *others = (s.format(**values) for s in activity.sentences)
        extra = sorted(rng.sample(range(len(others)), rng.randint(0, min(3, len(others)))))
        sentences = [lead, *(others[i] for i in extra)]
        participants = rng.randint(*activity.participants)

        entry = ActivityLog(
            organization_id=author.organization_id,
            author_id=author.id,
            village_id=village_id,
            date=day,
            kind=activity.kind,
            title=activity.title.format(**values),
            description=" ".join(sentences),
            participants=participants,
            status=LogStatus.draft,
        )
        reason, fix = "", ""
        if plan in ("returned", "resubmitted", "reapproved"):
            reason, fix = self._reason(activity, others)
            self._before_fix(entry, fix, day, lead)

        at = _moment(rng, min(day + timedelta(days=rng.choice((0, 0, 1, 2))), self.horizon))
        entry.created_at = at
        self._step(entry, author.id, ReviewAction.create, at)
        if plan != "draft":
            at = self._later(at, 0, 2)
            entry.status = LogStatus.submitted
            entry.submitted_at = at
            self._step(entry, author.id, ReviewAction.submit, at)
        if reason:
            at = self._later(at, 1, 3)
            entry.status = LogStatus.returned
            self._step(entry, self.approver_id, ReviewAction.return_, at, reason)
        if reason and plan != "returned":
            at = self._later(at, 0, 2)
            self._after_fix(entry, fix, day, participants, sentences, others)
            self._step(entry, author.id, ReviewAction.edit, at)
            at = self._later(at, 0, 0)
            entry.status = LogStatus.submitted
            entry.submitted_at = at
            self._step(entry, author.id, ReviewAction.resubmit, at)
        if plan in ("approved", "reapproved"):
            at = self._later(at, 1, 5)
            entry.status = LogStatus.approved
            entry.approved_at = at
            self._step(entry, self.approver_id, ReviewAction.approve, at)
        entry.updated_at = at
        self.entries.append(entry)

    def _village_for(self, author: User, activity: Activity) -> int | None:
        if author.village_id is not None:
            return author.village_id
        if activity.place == "commune" or (activity.place == "either" and self.rng.random() < 0.5):
            return None
        return self.rng.choice(sorted(self.village_names))

    def _reason(self, activity: Activity, others: list[str]) -> tuple[str, str]:
        fixes = {"participants", "date"}
        if others:
            fixes.add("results")
        if activity.kind not in (LogKind.patrol, LogKind.mediation):
            fixes.add("attendees")
        return self.rng.choice([r for r in RETURN_REASONS if r[1] in fixes])

    def _before_fix(self, entry: ActivityLog, fix: str, day: date, lead: str) -> None:
        """The entry as first written, with the flaw the approver returned it for."""
        if fix == "participants":
            entry.participants = 0
        elif fix == "date":
            entry.date = day - timedelta(days=self.rng.randint(1, 3))
        elif fix == "results":
            entry.description = lead

    def _after_fix(
        self,
        entry: ActivityLog,
        fix: str,
        day: date,
        participants: int,
        sentences: list[str],
        others: list[str],
    ) -> None:
        """The author's edit after the return: the flaw put right, so the two versions differ."""
        if fix == "participants":
            entry.participants = participants
        elif fix == "date":
            entry.date = day
        elif fix == "results":
            full = sentences if len(sentences) > 1 else [sentences[0], others[-1]]
            entry.description = " ".join(full)
        elif fix == "attendees":
            entry.description = " ".join([*sentences[:3], ATTENDEES])

    def _step(
        self,
        entry: ActivityLog,
        actor_id: int,
        action: ReviewAction,
        at: datetime,
        comment: str = "",
    ) -> None:
        self.events.append(
            ReviewEvent(
                entry=entry,
                actor_id=actor_id,
                action=action,
                comment=comment,
                at=at,
                snapshot=entry.snapshot(),
            )
        )

    def _later(self, after: datetime, min_days: int, max_days: int) -> datetime:
        """A working-hours moment some days after `after`, and always after it."""
        day = min(after.date() + timedelta(days=self.rng.randint(min_days, max_days)), self.horizon)
        moment = _moment(self.rng, day)
        if moment <= after:
            moment = after + timedelta(minutes=self.rng.randint(5, 50))
        return moment


def load_entries(today: date | None = None) -> int:
    """Add the demo's activity-log entries unless there are entries already; how many were added.

    The entries cover the 18 months before `today`. Objects are added to the session in one go;
    the caller commits (as `intranet.demo.load` does).
    """
    if db.session.scalar(select(ActivityLog.id).limit(1)) is not None:
        return 0
    today = today or local_today()
    users = {
        u.username: u
        for u in db.session.scalars(
            select(User).where(
                User.username.in_([APPROVER, *(a[0] for a in UNION_AUTHORS), *VILLAGE_ACCOUNTS])
            )
        )
    }
    if APPROVER not in users:
        return 0
    # Stored text is Vietnamese whoever runs the load: "Làng Dồn", not a translated kind.
    with force_locale("vi"):
        village_names = {v.id: v.display_name for v in db.session.scalars(select(Village))}

    rng = random.Random(SEED)
    # Every step ends by yesterday in UTC, so that nothing lies in the future, wherever we are.
    horizon = min(today, datetime.now(UTC).date()) - timedelta(days=1)
    first = today - timedelta(days=WINDOW_DAYS - 3)
    settled = today - timedelta(days=RECENT_DAYS + 1)
    recent = today - timedelta(days=RECENT_DAYS - 1)
    festivals = [
        d for y in range(first.year, today.year + 1) if first <= (d := date(y, 8, 19)) <= settled
    ]
    builder = _Builder(rng, users[APPROVER].id, village_names, horizon, [], [])

    def old_plan() -> Plan:
        return "reapproved" if rng.random() < REAPPROVED_SHARE else "approved"

    def old_day() -> date:
        return first + timedelta(days=rng.randint(0, (settled - first).days))

    def recent_day(plan: Plan) -> date:
        return recent + timedelta(days=rng.randint(0, (horizon - recent).days - PLAN_SPAN[plan]))

    for username, voice, count, recent_plans in UNION_AUTHORS:
        author = users.get(username)
        if author is None:
            continue
        festival = FESTIVALS.get(voice)
        if festival is not None:
            for day in festivals:
                builder.build(author, festival, day, old_plan())
        for _ in range(count - (len(festivals) if festival else 0)):
            builder.build(author, _pick(rng, voice), old_day(), old_plan())
        for plan in recent_plans:
            builder.build(author, _pick(rng, voice), recent_day(plan), plan)

    village_authors = [users[name] for name in VILLAGE_ACCOUNTS if name in users]
    for author in village_authors:
        count = rng.randint(*VILLAGE_OLD_ENTRIES)
        for day in festivals:
            if rng.random() < 0.5:
                count -= 1
                held = max(day - timedelta(days=rng.randint(0, 20)), first)
                builder.build(author, FESTIVALS["village"], held, old_plan())
        for _ in range(count):
            builder.build(author, _pick(rng, "village"), old_day(), old_plan())
    recent_authors = rng.sample(village_authors, min(len(village_authors), 12))
    for author, plan in zip(recent_authors, VILLAGE_RECENT_PLANS, strict=False):
        builder.build(author, _pick(rng, "village"), recent_day(plan), plan)

    db.session.add_all(builder.entries)
    db.session.add_all(builder.events)
    return len(builder.entries)


def _pick(rng: random.Random, voice: str) -> Activity:
    activities = ACTIVITIES[voice]
    return rng.choices(activities, weights=[a.weight for a in activities])[0]


def _moment(rng: random.Random, day: date) -> datetime:
    """A time in office hours in Vietnam (UTC+7), stored in UTC."""
    return datetime.combine(day, time(rng.randint(1, 9), rng.randrange(0, 60, 5)), tzinfo=UTC)


def _awards(year: int) -> str:
    return AWARDS_2025 if year == 2025 else AWARDS
