"""front/json"""
