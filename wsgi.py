from intranet import create_app

app = create_app()
